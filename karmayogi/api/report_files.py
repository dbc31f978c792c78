"""Documents answered as files, named: a report in the format asked for (HTML, PDF, CSV or JSON),
and the PDFs of letters, orders and certificates; shared by the routes and the pages."""

from fastapi.responses import HTMLResponse, Response

from karmayogi.lms.errors import NotFound
from karmayogi.lms.governance import reports


def file_response(content: bytes, media: str, name: str, inline: bool = False) -> Response:
    """A download (`inline`: shown by the browser, as letters are) named `name`."""
    disposition = "inline" if inline else "attachment"
    return Response(
        content, media_type=media, headers={"Content-Disposition": f'{disposition}; filename="{name}"'}
    )


def report_response(report: reports.Report, fmt: str, name: str) -> Response:
    if fmt == "html":
        return HTMLResponse(reports.html(report))
    if fmt == "pdf":
        return file_response(reports.pdf(report), "application/pdf", f"{name}.pdf")
    if fmt == "csv":
        return file_response(reports.as_csv(report).encode(), "text/csv; charset=utf-8", f"{name}.csv")
    if fmt == "json":
        return Response(reports.as_json(report), media_type="application/json")
    raise NotFound("report format", fmt)
