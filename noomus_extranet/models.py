"""Request and response bodies of the JSON API (they make the OpenAPI document)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from noomus_extranet.auth import TokenPair, user_state
from noomus_extranet.db import Row, rfc3339


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginRequest(_Strict):
    username: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=1, max_length=1024)
    device_name: str = Field(default="unnamed device", max_length=200)
    device_token: str | None = Field(
        default=None,
        max_length=128,
        description="The device_token of this device's last sign-in: its own failure limit.",
    )


class RefreshRequest(_Strict):
    refresh_token: str = Field(min_length=1, max_length=512)


class ReportLostRequest(_Strict):
    username: str = Field(min_length=1, max_length=128)
    note: str | None = Field(default=None, max_length=2000)


class Contact(BaseModel):
    email: str
    phone: str
    address: str


class Info(BaseModel):
    service: str
    version: str
    recipients: list[str]
    uploads_url: str
    max_upload_size: int
    status: Literal["ok", "suspended"]
    contact: Contact
    request_account_url: str


class User(BaseModel):
    username: str
    name: str
    company: str
    email: str
    state: Literal["active", "locked", "disabled"]

    @classmethod
    def from_row(cls, row: Row) -> User:
        return cls(
            username=row["username"],
            name=row["name"],
            company=row["company"],
            email=row["email"],
            state=user_state(row),  # type: ignore[arg-type]
        )


class Tokens(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"  # noqa: S105 (a scheme name, not a secret)
    expires_in: int
    refresh_token: str
    user: User
    device_token: str | None = Field(
        default=None, description="Sign-in only: send it with this device's next sign-ins."
    )
    password_change_required: bool = Field(
        default=False,
        description="A one-time password: POST /auth/password before anything else.",
    )

    @classmethod
    def from_pair(cls, pair: TokenPair, device_token: str | None = None) -> Tokens:
        return cls(
            access_token=pair.access_token,
            expires_in=pair.expires_in,
            refresh_token=pair.refresh_token,
            user=User.from_row(pair.user),
            device_token=device_token,
            password_change_required=bool(pair.user["must_change_password"]),
        )


class ReportReceived(BaseModel):
    status: Literal["received"] = "received"
    message: str


class Delivery(BaseModel):
    id: int
    upload_id: str
    size: int
    sha256: str
    received_at: str = Field(description="RFC 3339, UTC")

    @classmethod
    def from_row(cls, row: Row) -> Delivery:
        return cls(
            id=row["id"],
            upload_id=row["upload_id"],
            size=row["size"],
            sha256=row["sha256"],
            received_at=rfc3339(row["received_at"]),
        )


class Deliveries(BaseModel):
    deliveries: list[Delivery]


class Session(BaseModel):
    id: int
    device_name: str
    ip: str
    created_at: str = Field(description="RFC 3339, UTC: the sign-in")
    last_used_at: str = Field(description="RFC 3339, UTC: the last sign-in or refresh")
    ends_at: str = Field(description="RFC 3339, UTC: the session's absolute end")
    current: bool = Field(description="The session of the token making this request")


class Sessions(BaseModel):
    sessions: list[Session]


class PasswordChange(_Strict):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=12, max_length=1024)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail
