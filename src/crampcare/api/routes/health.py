"""GET /health: liveness, and the trivial endpoint the web benchmark compares against."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


@router.get("/health", response_model=Health, summary="Liveness check")
async def health() -> Health:
    return Health(status="ok")
