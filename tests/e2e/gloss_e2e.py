# gloss_e2e.py: helpers for the end-to-end tests of gloss
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The tests run under tests/e2e/run-e2e, which provides an X display, a
# session bus, the accessibility bus and these variables:
#
#   GLOSS_E2E_GLOSS        the gloss executable
#   GLOSS_E2E_CORPUS       a temporary copy of the sample corpus
#   GLOSS_E2E_TMPDIR       a temporary directory removed afterwards
#   GLOSS_E2E_SCREENSHOTS  where screenshots go
#
# Widgets are found and read through AT-SPI; input is real X events sent
# with xdotool (XTEST), so they go through the same path as a person's.
#
# GTK 4.8 facts these helpers rely on (checked on Debian 12):
#  - Component.get_extents and Text.get_character_extents only support
#    WINDOW coordinates; they are relative to the GtkWindow widget, whose
#    X surface is larger by the client-side shadow/resize margin. Without a
#    window manager the surface sits at 0,0 and the margin is the same on
#    every side, so screen = window + margin (see Gloss.to_screen).
#  - Text.get_selection raises when there is no selection.
#  - Accessible names of list rows are their GTK_ACCESSIBLE_PROPERTY_LABEL.

import atexit
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

SIDECAR_NS = "urn:gloss:sidecar:1"

DEFAULT_TIMEOUT = 10.0
MAX_DEPTH = 40

_processes = []


class E2EError(AssertionError):
    """A step of an end-to-end test failed."""


class GlossExited(E2EError):
    """gloss is no longer running: waiting longer cannot help."""


# ---------------------------------------------------------------------------
# Reporting


_start_time = time.monotonic()


def log(message):
    """Print a timestamped progress line (shown by meson test -v)."""
    print("[%6.2f] %s" % (time.monotonic() - _start_time, message), flush=True)


def check(condition, message):
    """Fail the test with @message unless @condition holds."""
    if not condition:
        raise E2EError(message)
    log("ok: " + message)


def env_path(name):
    value = os.environ.get(name)
    if not value:
        raise E2EError("%s is not set: run the test through tests/e2e/run-e2e" % name)
    return value


def corpus_dir():
    return env_path("GLOSS_E2E_CORPUS")


def gloss_path():
    return env_path("GLOSS_E2E_GLOSS")


def screenshot_dir():
    path = os.environ.get("GLOSS_E2E_SCREENSHOTS")
    if not path:
        path = os.path.join(os.getcwd(), "screenshots")
    os.makedirs(path, exist_ok=True)
    return path


def main(test):
    """Run @test() and turn its outcome into an exit status.

    Failures print the message and exit 1; E2ESkip exits 77.
    """
    try:
        test()
    except E2ESkip as e:
        print("SKIP: %s" % e, flush=True)
        sys.exit(77)
    except Exception as e:  # noqa: BLE001 - every failure is a test failure
        import traceback

        traceback.print_exc()
        print("FAIL: %s" % e, flush=True)
        try:
            screenshot("failure-" + os.path.splitext(os.path.basename(sys.argv[0]))[0])
        except Exception:  # noqa: BLE001
            pass
        sys.exit(1)
    finally:
        _kill_all()
    log("PASS")
    sys.exit(0)


class E2ESkip(Exception):
    """Raise to skip the test (exit status 77)."""


# ---------------------------------------------------------------------------
# Waiting


def wait_for(predicate, timeout=DEFAULT_TIMEOUT, interval=0.05, message=None):
    """Call @predicate until it returns a true value; return that value.

    Exceptions from @predicate count as "not yet" (the accessibility tree
    changes under our feet); the last one is reported on timeout.
    """
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except GlossExited:
            raise
        except (GLib.Error, E2EError, OSError, ET.ParseError, ValueError) as e:
            last_error = e
        if time.monotonic() >= deadline:
            text = message or getattr(predicate, "__name__", "condition")
            if last_error is not None:
                text += " (last error: %s)" % last_error
            raise E2EError("timed out after %.1f s waiting for %s" % (timeout, text))
        time.sleep(interval)


# ---------------------------------------------------------------------------
# Processes


def _kill_all():
    for proc in _processes:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(3)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


atexit.register(_kill_all)


def _terminated(signum, frame):
    # Turn SIGTERM (run-e2e's timeout or cleanup) into an exit that stops
    # the gloss processes this script started.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(128 + signum)


signal.signal(signal.SIGTERM, _terminated)


def run(argv, check_status=True, timeout=30):
    """Run a helper command, return its stdout."""
    result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if check_status and result.returncode != 0:
        raise E2EError("%s failed (%d): %s" % (" ".join(argv), result.returncode,
                                               result.stderr.strip()))
    return result.stdout


# ---------------------------------------------------------------------------
# The accessibility tree


def role_name(acc):
    try:
        return acc.get_role_name()
    except GLib.Error:
        return "?"


def name_of(acc):
    try:
        return acc.get_name() or ""
    except GLib.Error:
        return ""


def children(acc):
    try:
        n = acc.get_child_count()
    except GLib.Error:
        return []
    result = []
    for i in range(n):
        try:
            child = acc.get_child_at_index(i)
        except GLib.Error:
            continue
        if child is not None:
            result.append(child)
    return result


def _matches(acc, role, name):
    if role is not None and role_name(acc) != role:
        return False
    if name is None:
        return True
    actual = name_of(acc)
    if isinstance(name, re.Pattern):
        return name.search(actual) is not None
    return actual == name


def find_all(root, role=None, name=None, max_depth=MAX_DEPTH):
    """All descendants of @root (root included) with @role and @name.

    @role is an AT-SPI role name ("push button", "text", "list item"…);
    @name an exact string or a compiled regular expression; None matches
    anything. The search is breadth first, so the nearest come first.
    """
    found = []
    level = [root]
    depth = 0
    while level and depth <= max_depth:
        following = []
        for acc in level:
            if _matches(acc, role, name):
                found.append(acc)
            following.extend(children(acc))
        level = following
        depth += 1
    return found


def has_visible_state(acc):
    """Whether @acc has the AT-SPI state "visible". GTK 4.8 sets it from
    the widget's visible property and gives "showing" to toplevels only:
    check the extents (or a popover's X window) too where it matters."""
    try:
        return acc.get_state_set().contains(Atspi.StateType.VISIBLE)
    except GLib.Error:
        return False


def popover_of(acc):
    """The popover that holds @acc (@acc included), or None."""
    node = acc
    for _ in range(MAX_DEPTH * 2):
        if node is None or role_name(node) == "application":
            return None
        if name_of(node) in ("GtkPopover", "GtkPopoverMenu") or role_name(node) == "popup menu":
            return node
        try:
            node = node.get_parent()
        except GLib.Error:
            return None
    return None


def describe(acc):
    return "%s %r" % (role_name(acc), name_of(acc))


def tree(root, max_depth=MAX_DEPTH):
    """The accessibility tree under @root as indented text."""
    lines = []

    def walk(acc, depth):
        extents = ""
        try:
            e = Atspi.Component.get_extents(acc, Atspi.CoordType.WINDOW)
            extents = " @%d,%d %dx%d" % (e.x, e.y, e.width, e.height)
        except (GLib.Error, TypeError, AttributeError):
            pass
        lines.append("%s%s%s" % ("  " * depth, describe(acc), extents))
        if depth < max_depth:
            for child in children(acc):
                walk(child, depth + 1)

    walk(root, 0)
    return "\n".join(lines)


def find(root, role=None, name=None, timeout=DEFAULT_TIMEOUT, max_depth=MAX_DEPTH):
    """The first descendant of @root with @role and @name.

    Waits up to @timeout seconds for it to appear; on failure prints the
    tree to help see what is there instead.
    """
    try:
        return wait_for(lambda: (find_all(root, role, name, max_depth) or [None])[0],
                        timeout=timeout,
                        message="%s named %r" % (role or "any role", name))
    except E2EError:
        print("Accessibility tree:\n" + tree(root), file=sys.stderr)
        raise


# ---------------------------------------------------------------------------
# Text


def text_of(acc):
    """The whole text of a text accessible (code points, as in Python)."""
    return Atspi.Text.get_text(acc, 0, -1)


def character_count(acc):
    return Atspi.Text.get_character_count(acc)


def character_extents(acc, offset):
    """(x, y, width, height) of the character at @offset, window coords."""
    r = Atspi.Text.get_character_extents(acc, offset, Atspi.CoordType.WINDOW)
    return (r.x, r.y, r.width, r.height)


def selection(acc):
    """The (start, end) of the first selection of @acc, or None."""
    try:
        if Atspi.Text.get_n_selections(acc) < 1:
            return None
        r = Atspi.Text.get_selection(acc, 0)
    except GLib.Error:
        return None
    if r.start_offset == r.end_offset:
        return None
    return (r.start_offset, r.end_offset)


def phrase_offsets(text, phrase, occurrence=0):
    """Code-point (start, end) of the @occurrence-th @phrase in @text."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(phrase, start + 1)
        if start < 0:
            raise E2EError("%r (occurrence %d) is not in the text" % (phrase, occurrence))
    return (start, start + len(phrase))


def read_article(path):
    """An article file's text as gloss shows it: UTF-8 without a BOM."""
    with open(path, "rb") as f:
        data = f.read()
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


# ---------------------------------------------------------------------------
# X input


def xdotool(*args):
    return run(["xdotool"] + [str(a) for a in args])


# Long enough for GTK to handle one event before the next arrives, so that
# a press, the motions and a release are seen as a drag, not a click.
EVENT_DELAY = 0.05


def move(x, y):
    xdotool("mousemove", "--sync", int(round(x)), int(round(y)))
    time.sleep(EVENT_DELAY)


def press(button=1):
    xdotool("mousedown", button)
    time.sleep(EVENT_DELAY)


def release(button=1):
    xdotool("mouseup", button)
    time.sleep(EVENT_DELAY)


def click(x, y, button=1):
    # Arrive with two motions, as a hand does: GTK 4.8 sends a press to
    # the widget that had the pointer before when the pointer jumps into
    # another surface (a popover) with a single motion and is pressed
    # there at once.
    move(x - 3, y)
    move(x, y)
    press(button)
    release(button)


def drag(x1, y1, x2, y2, steps=10, button=1):
    """Press at (x1, y1), move in @steps steps to (x2, y2), release."""
    move(x1, y1)
    press(button)
    for i in range(1, steps + 1):
        move(x1 + (x2 - x1) * i / steps, y1 + (y2 - y1) * i / steps)
    time.sleep(EVENT_DELAY)
    release(button)
    # Keep the next press from making a double click with this one.
    time.sleep(0.3)


def key(*combos):
    """Send key combinations such as "ctrl+z", "Return", to the focus."""
    for combo in combos:
        xdotool("key", "--clearmodifiers", combo)
        time.sleep(EVENT_DELAY)


def type_text(text):
    xdotool("type", "--delay", 30, text)


# ---------------------------------------------------------------------------
# Screenshots


def screenshot(name):
    """Write the whole screen to SCREENSHOTS/NAME.png and return its path."""
    path = os.path.join(screenshot_dir(), name + ".png")
    run(["import", "-window", "root", path])
    log("screenshot %s" % path)
    return path


# ---------------------------------------------------------------------------
# The program


def _applications():
    desktop = Atspi.get_desktop(0)
    return children(desktop)


class Gloss:
    """A running gloss, its AT-SPI application and its X window."""

    def __init__(self, args=(), annotator="e2e", annotator_name="End-to-end Test",
                 timeout=20.0, env=None):
        """Start gloss with @args and wait for its window.

        @annotator is passed as GLOSS_ANNOTATOR (and @annotator_name as
        GLOSS_ANNOTATOR_NAME) so that gloss does not ask who is annotating;
        None leaves them unset (the identity dialog then shows).
        """
        argv = [gloss_path()] + [str(a) for a in args]
        env = dict(os.environ if env is None else env)
        env.pop("GLOSS_ANNOTATOR", None)
        env.pop("GLOSS_ANNOTATOR_NAME", None)
        if annotator is not None:
            env["GLOSS_ANNOTATOR"] = annotator
            if annotator_name is not None:
                env["GLOSS_ANNOTATOR_NAME"] = annotator_name
        self.annotator = annotator
        log("starting %s (annotator %s)" % (" ".join(argv), annotator))
        self.proc = subprocess.Popen(argv, env=env)
        _processes.append(self.proc)
        self.pid = self.proc.pid

        def application():
            self._check_running()
            for app in _applications():
                try:
                    if app.get_process_id() == self.pid:
                        return app
                except GLib.Error:
                    continue
            return None

        self.app = wait_for(application, timeout,
                            message="gloss (pid %d) on the accessibility bus" % self.pid)
        self.frame = find(self.app, "frame", timeout=timeout)
        self.xid, self.offset = wait_for(lambda: self._window_of(self.frame), timeout,
                                         message="the gloss window to be mapped")
        log("gloss is up: window 0x%x, content at +%d+%d" % (self.xid, *self.offset))

    def _check_running(self):
        if self.proc.poll() is not None:
            raise GlossExited("gloss exited with status %d" % self.proc.returncode)

    def _window_of(self, toplevel):
        """The X window of the AT-SPI @toplevel (frame, dialog) and where
        the toplevel's origin is on the screen, or None if not mapped yet.

        The X surface is larger than the window widget by the client-side
        margin, the same on all sides: origin = surface position +
        (surface size - widget size) / 2. Of gloss's visible windows, the
        one whose title is the toplevel's name is taken, else the one whose
        size fits with an even margin.
        """
        self._check_running()
        e = Atspi.Component.get_extents(toplevel, Atspi.CoordType.WINDOW)
        if e.width <= 0 or e.height <= 0:
            return None
        title = name_of(toplevel)
        out = run(["xdotool", "search", "--onlyvisible", "--pid", str(self.pid)],
                  check_status=False)
        fitting = []
        for xid in (int(w) for w in out.split()):
            geometry = run(["xdotool", "getwindowgeometry", "--shell", str(xid)],
                           check_status=False)
            g = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
            if "WIDTH" not in g:
                continue
            dw, dh = int(g["WIDTH"]) - e.width, int(g["HEIGHT"]) - e.height
            if dw < 0 or dh < 0 or dw % 2 or dh % 2 or dw != dh:
                continue
            origin = (int(g["X"]) + dw // 2, int(g["Y"]) + dh // 2)
            name = run(["xdotool", "getwindowname", str(xid)], check_status=False).strip()
            if name == title:
                fitting.insert(0, (xid, origin))
            else:
                fitting.append((xid, origin))
        if not fitting:
            return None
        override = os.environ.get("GLOSS_E2E_WINDOW_OFFSET")
        if override:
            x, y = override.split(",")
            return (fitting[0][0], (int(x), int(y)))
        return fitting[0]

    def toplevel_of(self, acc):
        """The frame or dialog that holds @acc."""
        node = acc
        for _ in range(MAX_DEPTH * 2):
            try:
                parent = node.get_parent()
            except GLib.Error:
                break
            if parent is None or role_name(parent) == "application":
                return node
            node = parent
        return self.frame

    # Coordinates

    def _popover_window(self, popover):
        """The X window of @popover and the screen position of the origin of
        its widgets' coordinates, or None while it is not mapped.

        A popover is an X window of its own, but its widgets report
        extents in the coordinates of the main window, as if it were
        drawn there: the popover itself reports the size of its surface
        at a position that does not exist on the screen. The popover's
        X window is the visible one of that size (other than the main
        window); the offset between the two positions applies to every
        widget inside it.
        """
        self._check_running()
        e = Atspi.Component.get_extents(popover, Atspi.CoordType.WINDOW)
        if e.width <= 0 or e.height <= 0:
            return None
        out = run(["xdotool", "search", "--onlyvisible", "--pid", str(self.pid)],
                  check_status=False)
        found = []
        for xid in (int(w) for w in out.split()):
            if xid == self.xid:
                continue
            geometry = run(["xdotool", "getwindowgeometry", "--shell", str(xid)],
                           check_status=False)
            g = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
            if g.get("WIDTH") == str(e.width) and g.get("HEIGHT") == str(e.height):
                found.append((xid, (int(g["X"]) - e.x, int(g["Y"]) - e.y)))
        if len(found) != 1:
            return None
        return found[0]

    def origin_of(self, acc):
        """Screen position of the origin of @acc's window coordinates."""
        popover = popover_of(acc)
        if popover is not None:
            _, origin = wait_for(lambda: self._popover_window(popover),
                                 message="the window of the popover of %s" % describe(acc))
            return origin
        toplevel = self.toplevel_of(acc)
        if toplevel is self.frame or toplevel == self.frame:
            return self.offset
        _, origin = wait_for(lambda: self._window_of(toplevel),
                             message="the window of %s" % describe(toplevel))
        return origin

    def to_screen(self, x, y, acc=None):
        """Screen coordinates of the window coordinates (x, y) of @acc's
        toplevel (the main window when None)."""
        ox, oy = self.offset if acc is None else self.origin_of(acc)
        return (x + ox, y + oy)

    def extents(self, acc):
        """(x, y, width, height) of a widget on the screen."""
        e = Atspi.Component.get_extents(acc, Atspi.CoordType.WINDOW)
        x, y = self.to_screen(e.x, e.y, acc)
        return (x, y, e.width, e.height)

    def center(self, acc):
        x, y, w, h = self.extents(acc)
        if w <= 0 or h <= 0:
            raise E2EError("%s has no size on the screen" % describe(acc))
        return (x + w / 2, y + h / 2)

    def character_point(self, text_acc, offset, where="center"):
        """A screen point inside the character at @offset.

        @where: "center", "left" (just inside its left edge) or "right"
        (just inside its right edge).
        """
        x, y, w, h = character_extents(text_acc, offset)
        if w <= 0 or h <= 0:
            raise E2EError("character %d has no extents (%d,%d %dx%d)" % (offset, x, y, w, h))
        cy = y + h / 2
        if where == "left":
            cx = x + min(2, w / 4)
        elif where == "right":
            cx = x + w - min(2, w / 4) - 1
        else:
            cx = x + w / 2
        return self.to_screen(cx, cy, text_acc)

    def is_visible(self, text_acc, offset):
        """Whether the character at @offset lies inside the text view."""
        x, y, w, h = character_extents(text_acc, offset)
        v = Atspi.Component.get_extents(text_acc, Atspi.CoordType.WINDOW)
        return (w > 0 and v.x <= x and x + w <= v.x + v.width
                and v.y <= y and y + h <= v.y + v.height)

    def scroll_to(self, text_acc, start, end=None, max_rounds=20):
        """Scroll the text view with the mouse wheel until @start..@end show.

        Measures how far one wheel step moves the text, then sends as many
        steps as the distance needs (the text view may only estimate the
        place of lines it has not laid out yet, so it checks again).
        """
        last = start if end is None else max(start, end - 1)
        cx, cy = self.center(text_acc)
        move(cx, cy)
        per_step = None
        for _ in range(max_rounds):
            if self.is_visible(text_acc, start) and self.is_visible(text_acc, last):
                return
            view = Atspi.Component.get_extents(text_acc, Atspi.CoordType.WINDOW)
            y = character_extents(text_acc, start)[1]
            distance = y - (view.y + view.height / 3)
            button = 5 if distance > 0 else 4
            steps = 1
            if per_step:
                steps = max(1, min(100, int(abs(distance) / per_step)))
            xdotool("click", "--repeat", steps, "--delay", 10, button)
            time.sleep(0.1)
            moved = abs(character_extents(text_acc, start)[1] - y)
            if moved > 0:
                per_step = moved / steps
        raise E2EError("could not scroll characters %d..%d into view" % (start, last + 1))

    def drag_text(self, text_acc, start, end):
        """Drag with the mouse from the first to the last character of the
        span @start..@end (code points, end exclusive)."""
        if end <= start:
            raise E2EError("empty span %d..%d" % (start, end))
        self.scroll_to(text_acc, start, end)
        x1, y1 = self.character_point(text_acc, start, "left")
        x2, y2 = self.character_point(text_acc, end - 1, "right")
        log("drag %d..%d from %d,%d to %d,%d" % (start, end, x1, y1, x2, y2))
        drag(x1, y1, x2, y2)

    def click_widget(self, acc):
        x, y = self.center(acc)
        log("click %s at %d,%d" % (describe(acc), x, y))
        click(x, y)

    def click_text(self, text_acc, offset):
        """Click in the middle of the character at @offset of the text."""
        self.scroll_to(text_acc, offset)
        x, y = self.character_point(text_acc, offset)
        log("click character %d at %d,%d" % (offset, x, y))
        click(x, y)
        # Keep the next press from making a double click with this one.
        time.sleep(0.3)

    def select_text(self, text_acc, start, end):
        """Drag over @start..@end and wait until the text reports exactly
        that selection (a whole-word span: the view snaps to words)."""
        self.drag_text(text_acc, start, end)
        return wait_for(lambda: selection(text_acc) == (start, end),
                        message="the selection %d..%d after the drag (it is %s)"
                        % (start, end, selection(text_acc)))

    # The article list, the type palette and the mark popover

    def open_article(self, name, timeout=DEFAULT_TIMEOUT):
        """Click the row of the article @name in the corpus list and wait
        until the text view shows it. Returns the text view."""
        article_list = self.find("list", "Articles")
        row = find(article_list, "list item", name)
        view = self.article_view()
        expected = read_article(os.path.join(corpus_dir(), name))
        self.click_widget(row)
        wait_for(lambda: text_of(view) == expected, timeout,
                 message="the text view to show %s" % name)
        return view

    def corpus_counts(self, article, annotator):
        """The "ENTITIES · CLAIMS" counts that the corpus list shows for
        @annotator on the row of @article, or None when it shows none."""
        article_list = self.find("list", "Articles")
        for row in find_all(article_list, "list item", article):
            for bar in find_all(row, "progress bar", annotator):
                line = bar.get_parent()
                labels = [name_of(a) for a in children(line) if role_name(a) == "label"]
                if len(labels) >= 2:
                    return labels[-1]
        return None

    def palette_button(self, name):
        """The side panel's palette button with the accessible @name."""
        palette = self.find("panel", "Annotation types")
        return find(palette, "push button", name)

    def article_view(self):
        """The article text (found once: it stays for the window's life)."""
        if getattr(self, "_article_view", None) is None:
            self._article_view = self.find("text", "Article text")
        return self._article_view

    def _mark_boxes(self):
        # The popover is a child of the article text: look there only,
        # which is much quicker than the whole window.
        return find_all(self.article_view(), "panel", "Mark the selection as")

    def mark_popover(self, timeout=DEFAULT_TIMEOUT):
        """The shown popover of types beside a selection."""
        def shown():
            for box in self._mark_boxes():
                popover = popover_of(box)
                if popover is not None and has_visible_state(popover) \
                        and self._popover_window(popover) is not None:
                    return box
            return None

        return wait_for(shown, timeout, message="the popover of types to show")

    def mark_popover_shown(self):
        """Whether a popover of types shows now."""
        for box in self._mark_boxes():
            popover = popover_of(box)
            if popover is not None and has_visible_state(popover) \
                    and self._popover_window(popover) is not None:
                return True
        return False

    # The pick banner: "Click the entity who makes this claim…"

    def _pick_banner(self):
        """The info bar that holds the pick buttons (GTK leaves hidden
        buttons out of the tree: one of the three is always there)."""
        pattern = re.compile(r"(^|\s)(The Article Itself|Skip|Cancel)$")

        def banner():
            for bar in find_all(self.app, None, "GtkInfoBar"):
                if find_all(bar, "push button", pattern):
                    return bar
            return None

        if getattr(self, "_banner", None) is None:
            self._banner = wait_for(banner, message="the pick banner")
        return self._banner

    def pick_banner_shown(self):
        """Whether the pick banner shows (an info bar of a height)."""
        e = Atspi.Component.get_extents(self._pick_banner(), Atspi.CoordType.WINDOW)
        return e.height > 0

    def banner_button(self, label, timeout=DEFAULT_TIMEOUT):
        """The pick banner's button @label ("The Article Itself", "Skip",
        "Cancel") once it shows. GTK 4.8 names a button with a mnemonic
        "_Skip Skip", so the name is matched at its end."""
        pattern = re.compile(r"(^|\s)%s$" % re.escape(label))
        banner = self._pick_banner()
        last = {}

        def shown():
            # The banner slides in: take the button once it stays put.
            if not self.pick_banner_shown():
                return None
            for button in find_all(banner, "push button", pattern):
                if has_visible_state(button) and self.extents(button)[3] > 0:
                    where = (self.extents(button),
                             self.extents(banner))
                    settled = last.get("where") == where
                    last["where"] = where
                    return button if settled else None
            return None

        return wait_for(shown, timeout, interval=0.1,
                        message="the pick banner's %r button" % label)

    def popover_button(self, name, timeout=DEFAULT_TIMEOUT):
        """The button with the accessible @name in the shown popover."""
        return find(self.mark_popover(timeout), "push button", name)

    def find(self, role=None, name=None, timeout=DEFAULT_TIMEOUT):
        return find(self.app, role, name, timeout=timeout)

    def focus(self):
        """Give the window the keyboard focus (no window manager does it)."""
        xdotool("windowfocus", "--sync", self.xid)
        time.sleep(EVENT_DELAY)

    def key(self, *combos):
        self.focus()
        key(*combos)

    def quit(self, timeout=DEFAULT_TIMEOUT):
        """Quit with Ctrl+Q and return the exit status."""
        self.key("ctrl+q")
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise E2EError("gloss did not exit within %.0f s of Ctrl+Q" % timeout)

    def running(self):
        return self.proc.poll() is None


# ---------------------------------------------------------------------------
# Sidecars


@dataclass
class Span:
    start: int
    end: int
    exact: str = None


@dataclass
class Entity:
    id: str
    type: str
    start: int
    end: int
    exact: str = None
    attributes: dict = field(default_factory=dict)
    note: str = None
    link: str = None


@dataclass
class Claim:
    id: str
    start: int
    end: int
    exact: str = None
    parent: str = None
    source_entity: str = None   # id of the entity that is the source
    source_span: Span = None    # a span that is the source
    source_article: bool = False
    cue: Span = None
    attributes: dict = field(default_factory=dict)
    note: str = None


@dataclass
class Sidecar:
    path: str
    annotator: str
    source_name: str
    source_length: int
    entities: list
    claims: list
    relations: list

    def entity(self, id):
        for e in self.entities:
            if e.id == id:
                return e
        return None

    def entities_at(self, start, end, type=None):
        return [e for e in self.entities
                if e.start == start and e.end == end and (type is None or e.type == type)]

    def claims_at(self, start, end):
        return [c for c in self.claims if c.start == start and c.end == end]


def _q(tag):
    return "{%s}%s" % (SIDECAR_NS, tag)


def _exact(element):
    quote = element.find(_q("quote"))
    return quote.get("exact") if quote is not None else None


def _attributes(element):
    return {a.get("name"): a.get("value") for a in element.findall(_q("attribute"))}


def _text(element, tag):
    child = element.find(_q(tag))
    return child.text if child is not None else None


def sidecar_path(article_path, annotator):
    return "%s.%s.gloss.xml" % (article_path, annotator)


def read_sidecar(path):
    """Parse a sidecar into a Sidecar of entities, claims and relations."""
    root = ET.parse(path).getroot()
    if root.tag != _q("gloss"):
        raise E2EError("%s: root element is %s, not gloss" % (path, root.tag))
    source = root.find(_q("source"))
    annotator = root.find(_q("annotator"))
    entities = []
    for e in root.iterfind("%s/%s" % (_q("entities"), _q("entity"))):
        entities.append(Entity(id=e.get("id"), type=e.get("type"),
                               start=int(e.get("start")), end=int(e.get("end")),
                               exact=_exact(e), attributes=_attributes(e),
                               note=_text(e, "note"), link=_text(e, "link")))
    claims = []
    for c in root.iterfind("%s/%s" % (_q("claims"), _q("claim"))):
        claim = Claim(id=c.get("id"), start=int(c.get("start")), end=int(c.get("end")),
                      exact=_exact(c), parent=c.get("parent"),
                      attributes=_attributes(c), note=_text(c, "note"))
        s = c.find(_q("source"))
        if s is not None:
            if s.get("entity") is not None:
                claim.source_entity = s.get("entity")
            elif s.get("article") in ("true", "1"):
                claim.source_article = True
            elif s.get("start") is not None:
                claim.source_span = Span(int(s.get("start")), int(s.get("end")), _exact(s))
        cue = c.find(_q("cue"))
        if cue is not None:
            claim.cue = Span(int(cue.get("start")), int(cue.get("end")), _exact(cue))
        claims.append(claim)
    relations = [dict(r.attrib) for r in
                 root.iterfind("%s/%s" % (_q("relations"), _q("relation")))]
    return Sidecar(path=path,
                   annotator=annotator.get("id") if annotator is not None else None,
                   source_name=source.get("name") if source is not None else None,
                   source_length=int(source.get("length")) if source is not None else None,
                   entities=entities, claims=claims, relations=relations)


# How long an edit may take to reach the sidecar: gloss saves within a
# second of a change.
SAVE_TIMEOUT = 2.0


def wait_saved(path, predicate, what, timeout=SAVE_TIMEOUT):
    """wait_for_sidecar for an edit just made, with gloss's promise of a
    save within a second (and a margin) as the limit; logs how long the
    save took. @what says what is awaited."""
    began = time.monotonic()
    sidecar = wait_for_sidecar(path, predicate, timeout=timeout,
                               message="%s in %s" % (what, os.path.basename(path)))
    check(True, "%s: saved after %.2f s" % (what, time.monotonic() - began))
    return sidecar


def wait_for_sidecar(path, predicate, timeout=5.0, message=None):
    """Re-read the sidecar at @path until @predicate(sidecar) holds.

    Returns the sidecar. A missing or half-written file counts as "not yet".
    """
    def attempt():
        if not os.path.exists(path):
            return None
        sidecar = read_sidecar(path)
        return sidecar if predicate(sidecar) else None

    return wait_for(attempt, timeout, interval=0.1,
                    message=message or "%s to satisfy the test" % path)
