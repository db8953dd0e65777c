"""The doctor report as bytes for a download: the same steps as `reports.doctor.write_report`, without a file."""

from __future__ import annotations


def report_pdf(db_url: str | None) -> bytes:
    from crampcare.reports.doctor import build, chart_images
    from crampcare.reports.pdf import render_pdf

    data = build(db_url=db_url)
    content: bytes = render_pdf(data, chart_images(data["stats"], "png"))
    return content
