"""The visual system: a focus ring you can see, colours that hold in light and dark, sharp icons.

Real widgets rendered offscreen into images. The focus ring is found by its pixels: accent-
coloured pixels around a control that are there while it has the focus and gone when another
control has it. Each scheme is forced (``look.use_scheme``: the platform's, else a palette).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from noomus_desktop.core.queue import TransferState
from noomus_desktop.ui import icons, look
from noomus_desktop.ui.main_window import MainWindow
from noomus_desktop.ui.transfer_model import TransferModel, TransferRow

SCHEMES = (Qt.ColorScheme.Light, Qt.ColorScheme.Dark)


@pytest.fixture(params=SCHEMES, ids=["light", "dark"])
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[Qt.ColorScheme]:
    palette = qapp.palette()
    look.use_scheme(qapp, request.param)
    yield request.param
    qapp.setPalette(palette)
    qapp.styleHints().unsetColorScheme()


def near(pixel: QColor, colour: QColor, tolerance: int = 48) -> bool:
    return (
        abs(pixel.red() - colour.red())
        + abs(pixel.green() - colour.green())
        + abs(pixel.blue() - colour.blue())
        <= tolerance
    )


def count(image: QImage, colour: QColor, area: QRect) -> int:
    """Pixels of about ``colour`` in ``area`` of ``image`` (device-independent coordinates)."""
    ratio = image.devicePixelRatio()
    found = 0
    for x in range(int(area.left() * ratio), int((area.right() + 1) * ratio)):
        for y in range(int(area.top() * ratio), int((area.bottom() + 1) * ratio)):
            if image.valid(x, y) and near(image.pixelColor(x, y), colour):
                found += 1
    return found


def ring_area(window: QWidget, control: QWidget) -> QRect:
    """Where a ring around ``control`` would be: its edge, a few pixels either side."""
    top_left = control.mapTo(window, control.rect().topLeft())
    return QRect(top_left, control.size()).adjusted(-4, -4, 4, 4)


def _window(qtbot: QtBot) -> MainWindow:
    model = TransferModel()
    model.add_rows([TransferRow(1, "a.pdf", "/tmp/a.pdf", 10, TransferState.QUEUED)])
    model.flush()
    window = MainWindow(model)
    qtbot.addWidget(window)
    window.resize(820, 600)
    window.show()
    qtbot.waitActive(window)
    return window


@pytest.mark.usefixtures("scheme")
@pytest.mark.parametrize("control", ["choose_files_button", "table", "drop_zone"])
def test_a_focused_control_has_a_ring_you_can_see(qtbot: QtBot, control: str) -> None:
    window = _window(qtbot)
    target: QWidget = getattr(window, control)
    elsewhere = window.choose_folder_button
    ring = look.accent(window.palette())
    area = ring_area(window, target)

    elsewhere.setFocus()
    qtbot.waitUntil(lambda: elsewhere.hasFocus())
    unfocused = count(window.grab().toImage(), ring, area)
    target.setFocus()
    qtbot.waitUntil(lambda: target.hasFocus())
    focused = count(window.grab().toImage(), ring, area)
    # A 2 px line around the whole control: at least its perimeter, once.
    perimeter = 2 * (target.width() + target.height())
    assert focused - unfocused >= perimeter, (control, unfocused, focused, perimeter)
    assert look.contrast(ring, window.palette().color(QPalette.ColorRole.Window)) >= 3.0


def test_the_scheme_is_forced_both_ways(qapp: QApplication, scheme: Qt.ColorScheme) -> None:
    assert look.is_dark(qapp.palette()) is (scheme is Qt.ColorScheme.Dark)


@pytest.mark.usefixtures("scheme")
def test_state_colours_and_quiet_text_keep_4_5_to_1(qapp: QApplication) -> None:
    palette = qapp.palette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        background = palette.color(role)
        for tone in (look.Tone.DELIVERED, look.Tone.RETRYING, look.Tone.PROBLEM, look.Tone.PAUSED):
            ratio = look.contrast(look.colour(tone, palette), background)
            assert ratio >= 4.5, (tone, role, ratio)


@pytest.mark.usefixtures("scheme")
def test_every_state_has_its_own_icon_drawn_in_its_colour(qapp: QApplication) -> None:
    images = set()
    for tone in look.Tone:
        image = look.icon(tone).pixmap(QSize(16, 16)).toImage()
        painted = [
            image.pixelColor(x, y)
            for x in range(image.width())
            for y in range(image.height())
            if image.pixelColor(x, y).alpha() > 200
        ]
        assert painted, tone
        assert all(near(p, look.colour(tone), 24) for p in painted), tone
        images.add(bytes(image.constBits()))
    assert len(images) == len(look.Tone)


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_icons_are_drawn_at_the_device_pixel_ratio(qapp: QApplication, ratio: float) -> None:
    """Rendered from the SVG at size × ratio, not a 1× bitmap scaled up: a 2× icon has
    pixels a scaled-up 1× one cannot have (edges half as wide)."""
    icon = icons.tinted("state-delivered", QColor("#1a7f37"))
    pixmap = icon.pixmap(QSize(16, 16), ratio)
    assert pixmap.devicePixelRatio() == ratio
    assert pixmap.size() == QSize(round(16 * ratio), round(16 * ratio))
    assert pixmap.deviceIndependentSize().toSize() == QSize(16, 16)
    if ratio == 2.0:
        sharp = pixmap.toImage()
        blurred = (
            icon.pixmap(QSize(16, 16), 1.0)
            .toImage()
            .scaled(
                32,
                32,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )
        assert sharp.convertToFormat(blurred.format()) != blurred


def test_every_icon_the_app_names_is_in_the_package() -> None:
    for name in icons.ICONS:
        assert icons._svg(name).lstrip().startswith(("<svg", "<!--")), name
