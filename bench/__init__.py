"""The national-scale benchmark (docs/performance.md): the data generator (`bench.landelijk`) and what
`scripts/bench.py` needs. Development only: not part of the portal, not in the Docker image
(.dockerignore), imported by no app."""
