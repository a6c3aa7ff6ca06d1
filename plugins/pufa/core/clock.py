"""The one clock of a build: SOURCE_DATE_EPOCH when set, else now; "today" is the date in China."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Clock:
    """When the build happens: `stamp` in UTC, `today` the date in China (where readers are)."""

    stamp: dt.datetime

    @property
    def today(self) -> dt.date:
        return self.stamp.astimezone(CHINA).date()


def clock_from(environ: Mapping[str, str], now: dt.datetime | None = None) -> Clock:
    """SOURCE_DATE_EPOCH when set (reproducible builds, tests), else now; whole seconds."""
    epoch = (environ.get("SOURCE_DATE_EPOCH") or "").strip()
    if epoch.isdigit():
        return Clock(dt.datetime.fromtimestamp(int(epoch), dt.UTC))
    return Clock((now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0))
