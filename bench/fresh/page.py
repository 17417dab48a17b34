"""A thin drawing surface over reportlab: top-down coordinates in points, a font family per
document, aligned text, rules, boxes and simple tables. Output is byte-stable (invariant PDFs)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
_FAMILIES = {
    "liberation-sans": ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    "liberation-serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    "dejavu-sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    "dejavu-condensed": ("DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"),
    "liberation-narrow": ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf"),
    "dejavu-mono": ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"),
    "liberation-mono": ("LiberationMono-Regular.ttf", "LiberationMono-Bold.ttf"),
}
PROPORTIONAL = (
    "liberation-sans",
    "liberation-serif",
    "dejavu-sans",
    "dejavu-condensed",
    "liberation-narrow",
)
MONOSPACE = ("dejavu-mono", "liberation-mono")


def _font_file(name: str) -> Path:
    for folder in _FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    import reportlab

    return Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # last resort, still Unicode


def register(family: str) -> tuple[str, str]:
    regular, bold = _FAMILIES[family]
    names = (f"fresh-{family}", f"fresh-{family}-bold")
    for name, file in zip(names, (regular, bold), strict=True):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(_font_file(file))))
    return names


@dataclass(frozen=True)
class Col:
    header: str
    width: float
    align: str = "left"  # left | right | center


class Sheet:
    """One PDF being drawn. ``y`` arguments count down from the top edge."""

    def __init__(self, family: str, size: tuple[float, float] = A4) -> None:
        self.buffer = io.BytesIO()
        self.width, self.height = size
        self.canvas = Canvas(self.buffer, pagesize=size, invariant=1, pageCompression=1)
        self.regular, self.bold = register(family)
        self.pages = 1

    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: float = 9,
        *,
        bold: bool = False,
        align: str = "left",
        grey: float = 0.0,
    ) -> None:
        c = self.canvas
        c.setFillGray(grey)
        c.setFont(self.bold if bold else self.regular, size)
        yy = self.height - y
        if align == "right":
            c.drawRightString(x, yy, s)
        elif align == "center":
            c.drawCentredString(x, yy, s)
        else:
            c.drawString(x, yy, s)
        c.setFillGray(0)

    def lines(
        self,
        x: float,
        y: float,
        rows: list[str],
        size: float = 9,
        *,
        leading: float | None = None,
        bold_first: bool = False,
        align: str = "left",
    ) -> float:
        step = leading or size * 1.3
        for i, row in enumerate(rows):
            self.text(x, y + i * step, row, size, bold=bold_first and i == 0, align=align)
        return y + len(rows) * step

    def string_width(self, s: str, size: float, *, bold: bool = False) -> float:
        return float(pdfmetrics.stringWidth(s, self.bold if bold else self.regular, size))

    def hline(self, x1: float, x2: float, y: float, width: float = 0.5, grey: float = 0) -> None:
        c = self.canvas
        c.setStrokeGray(grey)
        c.setLineWidth(width)
        c.line(x1, self.height - y, x2, self.height - y)
        c.setStrokeGray(0)

    def box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: float | None = None,
        width: float = 0.6,
    ) -> None:
        c = self.canvas
        c.setLineWidth(width)
        if fill is not None:
            c.setFillGray(fill)
        c.rect(x, self.height - y - h, w, h, stroke=1, fill=1 if fill is not None else 0)
        c.setFillGray(0)

    def fill(self, x: float, y: float, w: float, h: float, grey: float) -> None:
        c = self.canvas
        c.setFillGray(grey)
        c.rect(x, self.height - y - h, w, h, stroke=0, fill=1)
        c.setFillGray(0)

    def table(
        self,
        x: float,
        y: float,
        cols: list[Col],
        rows: list[list[str]],
        size: float = 8.5,
        *,
        grid: bool = False,
        header_fill: float | None = None,
        leading: float | None = None,
        header_bold: bool = True,
    ) -> float:
        """Draw a header and rows; returns the y under the table. A cell may hold several lines
        separated by newlines."""
        step = leading or size * 1.45
        total = sum(c.width for c in cols)
        top = y
        if header_fill is not None:
            self.fill(x, y - size - 2, total, step + 2, header_fill)
        self._row(x, y, cols, [c.header for c in cols], size, bold=header_bold)
        y += step
        if not grid:
            self.hline(x, x + total, y - size + 1)
        y += 3
        for row in rows:
            height = max(len(cell.split("\n")) for cell in row)
            self._row(x, y, cols, row, size)
            y += step * height
            if grid:
                self.hline(x, x + total, y - size + 1, 0.3)
        if grid:
            self.box(x, top - size - 2, total, y - top + 1, width=0.6)
            cx = x
            for col in cols[:-1]:
                cx += col.width
                self.canvas.setLineWidth(0.3)
                self.canvas.line(
                    cx, self.height - (top - size - 2), cx, self.height - (y - size + 1)
                )
        return y

    def _row(
        self,
        x: float,
        y: float,
        cols: list[Col],
        cells: list[str],
        size: float,
        *,
        bold: bool = False,
    ) -> None:
        cx = x
        for col, cell in zip(cols, cells, strict=True):
            for k, part in enumerate(cell.split("\n")):
                yy = y + k * size * 1.45
                if col.align == "right":
                    self.text(cx + col.width - 3, yy, part, size, bold=bold, align="right")
                elif col.align == "center":
                    self.text(cx + col.width / 2, yy, part, size, bold=bold, align="center")
                else:
                    self.text(cx + 3, yy, part, size, bold=bold)
            cx += col.width

    def new_page(self) -> None:
        self.canvas.showPage()
        self.pages += 1

    def finish(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()
