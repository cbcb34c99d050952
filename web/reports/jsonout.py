"""A gap report as JSON: ``Report.to_dict()``, the form ``verkemiddelkart report-diff`` compares."""

from __future__ import annotations

import json

from analyser.reports.model import Report


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
