"""A gap report as JSON: ``Report.to_dict()`` with its texts in the report language, the form
``verkemiddelkart report-diff`` compares."""

from __future__ import annotations

import json

from analyser.reports.model import Report
from web.i18n.labels import Labeller


def render_json(report: Report, labels: Labeller) -> str:
    return json.dumps(report.to_dict(labels.text), ensure_ascii=False, indent=2) + "\n"
