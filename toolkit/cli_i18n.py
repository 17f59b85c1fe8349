"""Chinese wording for click's own texts: usage errors, help headings, the help option.

click builds these messages in English (through gettext, which needs compiled catalogues and a locale that
Windows users do not set), so the CLI translates them in one place: :func:`translate_error` for the
exceptions click raises while parsing, :class:`ChineseHelpFormatter` for ``-h`` output. A message no pattern
knows keeps its English text behind a Chinese lead-in, so nothing is ever lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

import click
from click.formatting import HelpFormatter, wrap_text

_VALUE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:File|Directory|Path) '(?P<f>.*)' does not exist\.$"), "“{f}”不存在，请检查路径和文件名。"),
    (re.compile(r"^(?:File|Directory|Path) '(?P<f>.*)' is a directory\.$"), "“{f}”是文件夹，这里需要一个文件。"),
    (re.compile(r"^(?:File|Directory|Path) '(?P<f>.*)' is a file\.$"), "“{f}”是文件，这里需要一个文件夹。"),
    (re.compile(r"^(?:File|Directory|Path) '(?P<f>.*)' is not readable\.$"), "“{f}”没有读取权限。"),
    (re.compile(r"^(?:File|Directory|Path) '(?P<f>.*)' is not writable\.$"), "“{f}”没有写入权限。"),
    (re.compile(r"^'(?P<v>.*)' is not a valid integer(?: range)?\.$"), "“{v}”不是整数。"),
    (re.compile(r"^'(?P<v>.*)' is not a valid float(?: range)?\.$"), "“{v}”不是数字。"),
    (re.compile(r"^(?P<v>.*) is not in the range (?P<r>.*)\.$"), "{v} 不在允许的范围 {r} 内。"),
    (re.compile(r"^'(?P<v>.*)' is not one of (?P<c>.*)\.$"), "“{v}”不是可选值之一（可选：{c}）。"),
    (re.compile(r"^'(?P<v>.*)' is not (?:'(?P<c>[^']*)'|one of .*)\.$"), "“{v}”不是可选值。"),
    (
        re.compile(r"^'(?P<v>.*)' does not match the formats? (?P<f>.*)\.$"),
        "“{v}”的格式不对，应为 {f}（例如 2025-01-01）。",
    ),
    (re.compile(r"^'(?P<v>.*)' is not a valid boolean\..*$"), "“{v}”不是是/否值。"),
]


def _no_such_option(g: dict[str, str]) -> str:
    text = f"没有选项 {g['n']}。"
    suggestions = g.get("m") or g.get("s") or g.get("one")
    if suggestions:  # click's own suggestions, when it has any
        text += f"是不是想用：{'、'.join(_strip_quotes(s.strip()) for s in suggestions.split(','))}？"
    return text


def _invalid_value(g: dict[str, str]) -> str:
    value = _translate_value(g["m"])
    return f"{_strip_quotes(g['p'])} 的值不对：{value}" if g.get("p") else f"值不对：{value}"


# Each click message: its pattern, and a str.format template or a function of the named groups.
_MESSAGE_PATTERNS: list[tuple[re.Pattern[str], str | Callable[[dict[str, str]], str]]] = [
    (re.compile(r"^Missing argument '(?P<p>[^']*)'\.$"), "缺少参数 {p}。"),
    (re.compile(r"^Missing option '(?P<p>[^']*)' / '(?P<q>[^']*)'\.$"), "缺少选项 {p}（{q}）。"),
    (re.compile(r"^Missing option '(?P<p>[^']*)'\.$"), "缺少选项 {p}。"),
    (re.compile(r"^Missing parameter: (?P<p>.*)$"), "缺少参数 {p}。"),
    (re.compile(r"^Missing command\.$"), "缺少命令。"),
    (re.compile(r"^No such command '(?P<n>[^']*)'\.$"), "没有名为 {n} 的命令。"),
    (
        re.compile(r"^No such command '(?P<n>[^']*)'\. Did you mean '(?P<m>[^']*)'\?$"),
        "没有名为 {n} 的命令。是不是想用：{m}？",
    ),
    (
        re.compile(
            r"^No such option '(?P<n>[^']*)'\.(?: \(Possible options: (?P<s>.*)\)| \(Did you mean one of: (?P<m>.*)\?\)| Did you mean (?P<one>.*)\?)?$"
        ),
        _no_such_option,
    ),
    (re.compile(r"^Option '(?P<n>[^']*)' requires an argument\.$"), "选项 {n} 后面需要给出一个值。"),
    (re.compile(r"^Option '(?P<n>[^']*)' requires (?P<k>\d+) arguments\.$"), "选项 {n} 后面需要给出 {k} 个值。"),
    (re.compile(r"^Option '(?P<n>[^']*)' does not take a value\.$"), "选项 {n} 不接受值。"),
    (re.compile(r"^Got unexpected extra arguments? \((?P<a>.*)\)$"), "多出了参数：{a}。"),
    (re.compile(r"^Invalid value for (?P<p>.+?): (?P<m>.*)$", re.S), _invalid_value),
    (re.compile(r"^Invalid value: (?P<m>.*)$", re.S), _invalid_value),
]


def _strip_quotes(hint: str) -> str:
    return hint.replace("'", "").replace('"', "")


def _translate_value(message: str) -> str:
    for pattern, template in _VALUE_PATTERNS:
        m = pattern.match(message)
        if m:
            return template.format(**{k: v or "" for k, v in m.groupdict().items()})
    return message


def translate_error(message: str) -> str:
    """The Chinese wording of a click usage-error message.

    >>> translate_error("Missing argument 'WORKBOOK'.")
    '缺少参数 WORKBOOK。'
    """
    for pattern, template in _MESSAGE_PATTERNS:
        m = pattern.match(message)
        if not m:
            continue
        groups = {k: v or "" for k, v in m.groupdict().items()}
        return template(groups) if callable(template) else template.format(**groups)
    if message and all(ord(ch) < 128 for ch in message):
        return f"命令行用法有误：{message}"
    return message


# click's names for option value types, shown after an option in the help.
_TYPE_METAVARS = {
    "INTEGER RANGE": "整数",
    "FLOAT RANGE": "数字",
    "INTEGER": "整数",
    "FLOAT": "数字",
    "FILE": "文件",
    "DIRECTORY": "目录",
    "PATH": "路径",
    "TEXT": "文字",
    "BOOLEAN": "是/否",
}
_TYPE_METAVAR_RE = re.compile(r"(?<= )(?:INTEGER RANGE|FLOAT RANGE|INTEGER|FLOAT|FILE|DIRECTORY|PATH|TEXT|BOOLEAN)\b")

_HEADINGS = {"Options": "选项", "Commands": "命令", "Positional arguments": "参数", "Arguments": "参数"}
_HELP_TEXTS = {
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
}


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and full-width characters count two.

    >>> display_width("角色=字体"), display_width("--font")
    (9, 6)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _translate_help(text: str) -> str:
    text = _HELP_TEXTS.get(text, text)
    return text.replace("[required]", "[必填]").replace("[default: ", "[默认：")


class ChineseHelpFormatter(HelpFormatter):
    """click's help layout with Chinese headings and columns aligned by display width (CJK counts two)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [
            (_TYPE_METAVAR_RE.sub(lambda m: _TYPE_METAVARS[m.group()], first), _translate_help(second))
            for first, second in rows
        ]
        widths = [display_width(first) for first, _ in rows]
        first_col = min(max(widths, default=0), col_max) + col_spacing
        text_width = max(self.width - first_col - 2, 10)
        for (first, second), width in zip(rows, widths, strict=True):
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if width <= first_col - col_spacing:
                self.write(" " * (first_col - width))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = _wrap_cjk(second, text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


_NO_LINE_START = set("，。、；：？！）》」』”’…—%")
# A run of non-blank text holding ASCII (an option, a file name, 仿宋_GB2312) stays whole when it fits.
_UNIT_RE = re.compile(r"[^\s，。、；：（）]*[!-~][^\s，。、；：（）]*| +|.", re.S)


def _wrap_cjk(text: str, width: int) -> list[str]:
    """Wrap help text by display width: Chinese breaks between characters, ASCII words stay whole.

    >>> _wrap_cjk("例如 --font 仿宋=仿宋_GB2312。", 20)
    ['例如 --font', '仿宋=仿宋_GB2312。']
    """
    # click's wrap_text splits on spaces only, so a Chinese sentence would stay one over-long line.
    out: list[str] = []
    for para in wrap_text(text, 10**6, preserve_paragraphs=True).splitlines() or [""]:
        line, used = "", 0
        units = _UNIT_RE.findall(para)
        units = [u for unit in units for u in (unit if display_width(unit) > width else [unit])]
        for unit in units:
            w = display_width(unit)
            if used + w > width and line.strip() and unit[0] not in _NO_LINE_START:
                out.append(line.rstrip())
                line, used = "", 0
                if unit.isspace():
                    continue
            line += unit
            used += w
        out.append(line.rstrip())
    return out


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


def use_chinese(commands: Iterable[click.Command]) -> None:
    """Give every command (and sub-command) the Chinese help layout."""
    for cmd in commands:
        cmd.context_class = ChineseContext
        cmd.options_metavar = "[选项]"
        if isinstance(cmd, click.Group):
            cmd.subcommand_metavar = "命令 [参数]..."
            use_chinese(cmd.commands.values())
