"""Django's Redis cache backend, without a new redis-py client object per cache call.

Django's `RedisCacheClient.get_client` builds a `redis.Redis` for every get and set; redis-py's
constructor copies its table of ~170 response callbacks each time, which cost about as much as the
round trip to Redis itself. The client object only wraps the connection pool (thread-safe, one per
server), so one per pool does the same work.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._klanten: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        klant = self._klanten.get(id(pool))
        if klant is None:
            klant = self._klanten[id(pool)] = self._client(connection_pool=pool)
        return klant


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
