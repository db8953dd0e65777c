"""Typed dependencies the routes share (`KnowledgeDep`, `SettingsDep`, `UserDep`, `DiaryUrlDep`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from crampcare.api.accounts import User, current_user, diary_url_for
from crampcare.api.settings import Settings
from crampcare.knowledge.loader import KnowledgeBase, knowledge


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_knowledge() -> KnowledgeBase:
    return knowledge()


def get_user(request: Request) -> User:
    return current_user(request, get_settings(request))


def get_diary_url(request: Request) -> str | None:
    settings = get_settings(request)
    return diary_url_for(current_user(request, settings), settings)


SettingsDep = Annotated[Settings, Depends(get_settings)]
KnowledgeDep = Annotated[KnowledgeBase, Depends(get_knowledge)]
UserDep = Annotated[User, Depends(get_user)]
DiaryUrlDep = Annotated[str | None, Depends(get_diary_url)]
