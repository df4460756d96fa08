"""The therapist report on paper: Progress's own charts drawn at print resolution, the
words from `core.report.report_html` laid out by Qt's text layout, page numbers, A4 or
Letter. One painter function draws a page, so the preview in the dialog and the PDF are
the same pages.

Everything here runs on the UI thread: the charts are widgets, and Qt lays out text with
fonts only there. The reading (the slow part, unsealing) happens before, on the worker.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPoint, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QRegion,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QGraphicsView, QWidget

from ebbtide.core.report import CHART_CALM, CHART_HELPS, TITLE, ReportContent, report_html
from ebbtide.ui.theme import font, paint_as_paper, paper_colour, paper_document_css

#: The text layout's unit: pixels at 96 a inch (the screen's, as Qt's layout assumes).
LAYOUT_DPI = 96.0
PDF_DPI = 300
MARGIN_MM = 18.0
FOOTER_MM = 8.0
CHART_SIZE = (720, 360)  # the chart as laid out, in pixels, before scaling for print
CHART_SCALE = 3.0  # drawn at three times that: sharp on paper
CHART_WIDTH = 620  # its width on the page, in layout pixels (the body is about 650)
KEEP_WITH_HEADING = 70  # layout pixels under a heading for a few lines of its words
_PAPER = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}


def page_size(paper: str) -> QPageSize:
    return QPageSize(_PAPER.get(paper, QPageSize.PageSizeId.A4))


def _print_colours():  # type: ignore[no-untyped-def]
    """Paper is white whatever the app's theme: the light chart colours."""
    from ebbtide.ui.progress.charts import ChartColours

    text = QColor(paper_colour("ink"))
    grid = QColor(text)
    grid.setAlpha(40)
    accent = QColor(paper_colour("accent"))
    return ChartColours(QColor(paper_colour("paper")), text, QColor(paper_colour("muted_ink")),
                        grid, accent, False, accent)


def _render_stacked(widgets: list[QWidget]) -> QImage:
    """The widgets one under another, at CHART_SCALE times their size, on white."""
    width = max(w.width() for w in widgets)
    height = sum(w.height() for w in widgets)
    image = QImage(int(width * CHART_SCALE), int(height * CHART_SCALE),
                   QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(CHART_SCALE)
    image.fill(QColor(paper_colour("paper")))
    painter = QPainter(image)
    y = 0
    for widget in widgets:
        if isinstance(widget, QGraphicsView):  # its own render: the scene, as drawn
            widget.render(painter, QRectF(0, y, widget.width(), widget.height()),
                          widget.viewport().rect())
        else:
            # Its words only, in ink colours: no window background, whatever the theme.
            paint_as_paper(widget)
            QWidget.render(widget, painter, QPoint(0, y), QRegion(),
                           QWidget.RenderFlag.DrawChildren)
        y += widget.height()
    painter.end()
    return image


def _activate(widget: QWidget) -> None:
    for each in (widget, *widget.findChildren(QWidget)):
        layout = each.layout()
        if layout is not None:
            layout.activate()


def _laid_out(widget: QWidget) -> None:
    # Laid out and sized as if shown, without ever appearing on screen.
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    widget.resize(*CHART_SIZE)
    widget.show()
    _activate(widget)
    # pyqtgraph sizes its axes (the practice names) in a posted event: let it land.
    QCoreApplication.processEvents()


def chart_images(content: ReportContent) -> dict[str, QImage]:
    """Progress's calm-down and *what helps me* charts for the report's range, drawn
    by Progress's own chart classes in print colours."""
    images: dict[str, QImage] = {}
    c = content.choice
    if not ((c.calm_chart and content.calm_drawable) or (c.helps_chart
                                                         and content.helps_drawable)):
        return images
    from ebbtide.ui.progress.charts import CalmDownChart, HelpsChart

    colours = _print_colours()
    if c.calm_chart and content.calm_drawable and content.calm is not None:
        calm = CalmDownChart(lambda _id: "", colours)
        calm.setAutoFillBackground(True)
        calm.set_data(content.calm, content.x_range, "")
        _laid_out(calm)
        calm.detail.hide()  # the hover line: nothing to hover on paper
        _activate(calm)
        images[CHART_CALM] = _render_stacked([calm.view, calm.legend])
        calm.close()
        calm.deleteLater()
    if c.helps_chart and content.helps_drawable and content.practices is not None:
        helps = HelpsChart()
        helps.apply_colours(colours)
        helps.set_data(content.practices, "")
        _laid_out(helps)
        images[CHART_HELPS] = _render_stacked([helps.view, helps.note])
        helps.close()
        helps.deleteLater()
    return images


class ReportPages:
    """The report laid out on pages of one paper size, ready to paint page by page."""

    def __init__(self, content: ReportContent, images: dict[str, QImage] | None = None) -> None:
        self.content = content
        size = page_size(content.choice.paper).size(QPageSize.Unit.Millimeter)
        to_px = LAYOUT_DPI / 25.4
        self.page_w = size.width() * to_px
        self.page_h = size.height() * to_px
        self.margin = MARGIN_MM * to_px
        self.footer = FOOTER_MM * to_px
        self.body = QSizeF(self.page_w - 2 * self.margin,
                           self.page_h - 2 * self.margin - self.footer)
        self.doc = QTextDocument()
        self.doc.setDocumentMargin(0)
        self.doc.setDefaultFont(font("print"))
        self.doc.setDefaultStyleSheet(paper_document_css())
        for name, image in (images if images is not None else chart_images(content)).items():
            self.doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        self.doc.setHtml(report_html(content, CHART_WIDTH))
        self.doc.setPageSize(self.body)
        self._keep_headings_with_text()

    def _keep_headings_with_text(self) -> None:
        """A heading at the foot of a page, its words overleaf, moves to the next page."""
        layout = self.doc.documentLayout()
        page_h = self.body.height()
        block = self.doc.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() in (1, 2, 3):
                rect = layout.blockBoundingRect(block)
                room = page_h - (rect.top() % page_h) - rect.height()
                if room < KEEP_WITH_HEADING and rect.top() % page_h > 0:
                    cursor = QTextCursor(block)
                    fmt = block.blockFormat()
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    cursor.setBlockFormat(fmt)
            block = block.next()

    @property
    def count(self) -> int:
        return self.doc.pageCount()

    def paint(self, painter: QPainter, index: int, scale: float) -> None:
        """Page `index` (from 0), `scale` device pixels a layout pixel."""
        painter.save()
        painter.scale(scale, scale)
        painter.save()
        painter.translate(self.margin, self.margin - index * self.body.height())
        # A hair inside the page: a line that ends exactly on the page break belongs to
        # this page only, so no text is also written (clipped away) on the next.
        clip = QRectF(0, index * self.body.height() + 0.5, self.body.width(),
                      self.body.height() - 1.0)
        # Ink on white whatever the app's theme (a dark theme's palette has light text).
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(paper_colour("ink")))
        context.clip = clip
        painter.setClipRect(clip)
        self.doc.documentLayout().draw(painter, context)
        painter.restore()
        small = font("caption")
        small.setPixelSize(11)  # layout pixels: the painter is scaled to the device
        painter.setFont(small)
        painter.setPen(QColor(paper_colour("muted_ink")))
        footer = QRectF(self.margin, self.page_h - self.margin - self.footer * 0.6,
                        self.body.width(), self.footer)
        painter.drawText(footer, int(Qt.AlignmentFlag.AlignLeft), TITLE)
        painter.drawText(footer, int(Qt.AlignmentFlag.AlignRight),
                         f"Page {index + 1} of {self.count}")
        painter.restore()

    def image(self, index: int, width: int) -> QImage:
        """One page as a picture `width` pixels wide (the preview)."""
        scale = width / self.page_w
        image = QImage(width, int(self.page_h * scale), QImage.Format.Format_RGB32)
        image.fill(QColor(paper_colour("paper")))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.paint(painter, index, scale)
        painter.end()
        return image

    def write_pdf(self, path: Path) -> None:
        """The PDF, written next to `path` and renamed into place, readable only by its
        owner (it can hold the person's own words)."""
        fd, tmp_name = tempfile.mkstemp(prefix=".ebbtide-", suffix=".pdf", dir=path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            writer = QPdfWriter(str(tmp))
            writer.setPageSize(page_size(self.content.choice.paper))
            writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
            writer.setResolution(PDF_DPI)
            writer.setTitle(TITLE)
            writer.setCreator("Ebbtide")
            painter = QPainter(writer)
            scale = PDF_DPI / LAYOUT_DPI
            for index in range(self.count):
                if index:
                    writer.newPage()
                self.paint(painter, index, scale)
            painter.end()
            del writer  # finishes the file
            if os.name == "posix":
                os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
