"""Small PDF helpers on reportlab with Georgian-capable fonts, for every module's printable documents.

Noto Sans Georgian has no Latin letters or digits, so text is split into runs by script and each run
is set in Noto Sans Georgian or Noto Sans (``markup``). Build documents with ``document`` and the
``paragraph``/``table``/``qr``/``bar`` flowables.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT_DIR = Path(__file__).resolve().parent / "static" / "fonts"
GEORGIAN, GEORGIAN_BOLD, LATIN, LATIN_BOLD = "NotoGeo", "NotoGeo-Bold", "NotoSans", "NotoSans-Bold"
_GEORGIAN_RUN = re.compile(
    r"([\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]+(?:[ \u00a0]+[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]+)*)"
)
_registered = False


def register_fonts() -> None:
    global _registered
    if _registered:
        return
    for name, file in (
        (GEORGIAN, "NotoSansGeorgian-Regular.ttf"),
        (GEORGIAN_BOLD, "NotoSansGeorgian-Bold.ttf"),
        (LATIN, "NotoSans-Regular.ttf"),
        (LATIN_BOLD, "NotoSans-Bold.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    _registered = True


def markup(text: object, *, bold: bool = False) -> str:
    """Paragraph markup of plain ``text`` with every Georgian run in the Georgian font (XML-escaped)."""
    register_fonts()
    geo, lat = (GEORGIAN_BOLD, LATIN_BOLD) if bold else (GEORGIAN, LATIN)
    out = []
    for i, part in enumerate(_GEORGIAN_RUN.split(str(text))):
        if not part:
            continue
        font = geo if i % 2 else lat
        out.append(f'<font name="{font}">{escape(part)}</font>')
    return "".join(out).replace("\n", "<br/>")


def style(
    size: float = 10, *, leading: float | None = None, space_after: float = 2, align: int = 0
) -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle(
        f"s{size}",
        fontName=LATIN,
        fontSize=size,
        leading=leading or size * 1.35,
        spaceAfter=space_after,
        alignment=align,
    )


def paragraph(text: object, size: float = 10, *, bold: bool = False, space_after: float = 2) -> Paragraph:
    return Paragraph(markup(text, bold=bold), style(size, space_after=space_after))


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def table(
    rows: Sequence[Sequence[object]],
    col_widths_mm: Sequence[float] | None = None,
    *,
    header: bool = True,
    size: float = 9,
) -> Table:
    """A grid table; every cell is wrapped in a Paragraph so Georgian and long text render and wrap."""
    cell_style = style(size, space_after=0)
    data = [
        [
            c
            if isinstance(c, Flowable)
            else Paragraph(markup("" if c is None else c, bold=header and r == 0), cell_style)
            for c in row
        ]
        for r, row in enumerate(rows)
    ]
    widths = [w * mm for w in col_widths_mm] if col_widths_mm else None
    t = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f5")))
    t.setStyle(TableStyle(commands))
    return t


BAR_COLOUR = colors.HexColor("#1f6feb")
BAR_TRACK = colors.HexColor("#e6e9ef")


def bar(percent: float, width_mm: float = 60, height_mm: float = 3.2) -> Drawing:
    """A horizontal bar filled to ``percent`` (0-100) of its width, like the pages' ``.bar``; drawn with
    reportlab graphics, so it prints sharp at any size."""
    width, height = width_mm * mm, height_mm * mm
    drawing = Drawing(width, height)
    drawing.add(Rect(0, 0, width, height, fillColor=BAR_TRACK, strokeColor=None))
    filled = width * max(0.0, min(100.0, float(percent))) / 100
    if filled:
        drawing.add(Rect(0, 0, filled, height, fillColor=BAR_COLOUR, strokeColor=None))
    return drawing


def qr(url: str, size_mm: float = 30) -> Image:
    """A QR code image of ``url`` (segno, PNG in memory)."""
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=8, border=2)
    buf.seek(0)
    return Image(buf, width=size_mm * mm, height=size_mm * mm)


def document(flowables: Iterable[Flowable], *, title: str = "", author: str = "") -> bytes:
    """Render A4 portrait with 15 mm margins and page numbers; returns the PDF bytes."""
    register_fonts()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=author,
    )

    def number(canvas, doc_) -> None:
        canvas.setFont(LATIN, 8)
        canvas.drawRightString(A4[0] - 15 * mm, 8 * mm, str(doc_.page))

    doc.build(list(flowables), onFirstPage=number, onLaterPages=number)
    return buf.getvalue()
