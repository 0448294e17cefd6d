"""The static files storage of production: Django's ManifestStaticFilesStorage, each file's URL looked up
once per process. Every page names the same style sheets, icon and scripts; the manifest does not change
while a process runs (a new release starts new processes), and a name missing from it still raises."""

from __future__ import annotations

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class StatischeBestanden(ManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str, force: bool = False) -> str:
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
