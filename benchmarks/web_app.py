"""A benchmark-only app: the production app plus a "floor" route, served by 2 workers (issue 17 §2).

POST /bench/floor reads and validates the body exactly as POST /api/v1/assess does (the same JsonBodyRoute,
the same Profile model, behind the same middleware) and answers with a ready-made plan of the same size (the
plan of a benchmark person whose plan JSON has the median size), so /api/v1/assess minus the floor is
crampcare's own cost: the engine and the plan's serialisation. The route exists only in this factory, never in
`crampcare serve`.

Run: python -m benchmarks.web_app PORT DATABASE_URL (the repository root on PYTHONPATH).
"""

from __future__ import annotations

import os
import statistics
import sys

from fastapi import APIRouter, FastAPI
from fastapi.responses import Response

from crampcare.api.json_body import JsonBodyRoute
from crampcare.assessment.profile import Profile

FLOOR_PATH = "/bench/floor"
SAMPLE = 400  # benchmark people whose plans give the median size


def ready_plan() -> bytes:
    """The plan JSON of the benchmark person whose plan has the median size (bench_web.profiles, its own seed)."""
    from benchmarks.bench_web import profiles
    from crampcare import assess
    from crampcare.assessment.plan_json import plan_json

    plans = sorted((plan_json(assess(p)) for p in profiles(SAMPLE, seed=500)), key=len)
    median = statistics.median_low(len(plan) for plan in plans)
    return next(plan for plan in plans if len(plan) == median)


def bench_app_from_env() -> FastAPI:
    """The production app (api.app.app_from_env, warm-up included) with the floor route added."""
    from crampcare.api.app import app_from_env

    app = app_from_env()
    ready = ready_plan()
    router = APIRouter(route_class=JsonBodyRoute)

    @router.post(FLOOR_PATH, response_class=Response, include_in_schema=False)
    async def floor(profile: Profile) -> Response:
        return Response(ready, media_type="application/json")

    app.include_router(router)
    return app


def main(port: int, db: str) -> None:
    """Serve the benchmark app as `crampcare serve --workers 2 --db DB` serves the production one."""
    from crampcare.api.settings import DATABASE_ENV, HOST_ENV, SECRET_ENV, Settings, local_secret
    from crampcare.api.workers import bind, run
    from crampcare.cli.serve import _open_database, uvicorn_config

    os.environ[HOST_ENV] = "127.0.0.1"
    os.environ[DATABASE_ENV] = db
    os.environ.setdefault(SECRET_ENV, local_secret())
    settings = Settings.from_env(host="127.0.0.1", database_url=db)
    _open_database(settings.database_url)  # the schema, as `serve` makes it
    config = uvicorn_config(settings, port, 2)
    config.app = "benchmarks.web_app:bench_app_from_env"
    run(config, bind(config))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
