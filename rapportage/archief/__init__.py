"""The report archive: a room of its own inside `rapportage`, beside the figures, dashboard and exports.

It stores every built PDF (`Rapport`) and who wants an e-mail when one is ready (`Abonnement`); the
figures themselves come from `rapportage.figuren`. Imports run one way: the archive uses the figures
(`figuren`, `perioden`, `svg`), never the other way round.

- `models`        Rapport, Abonnement and the archive's one access rule (`Rapport.objects.zichtbaar_voor`)
- `access`        the only way views reach the archive (404 outside a role's scope)
- `actions/`      every write: `aanvragen` (request, schedule, re-queue), `bouw` (build a PDF),
                  `melding` (e-mail subscribers), `abonnementen` (subscribe, unsubscribe)
- `bouwslot`      the PostgreSQL advisory lock that makes one build per report run at a time
- `opslag`        file I/O: paths inside the private storage, checksums, atomic writes
- `wachtrij`      queues a task by its name once the transaction commits (no import of `tasks`)
- `tasks`         thin Celery tasks: take ids, call the actions (the only module that imports them)
- `inhoud`, `pdf` from the figures to the PDF templates' context, and WeasyPrint rendering
- `views`, `urls`, `forms`
"""
