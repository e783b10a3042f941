"""The `brandhall` command. Every command acts on the project in the current directory."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from rich.console import Console
from rich.text import Text

from .engine import ENGINES
from .errors import BuildFailed, Problems
from .project import Project
from .screens.validate import example_address_problem
from .site import build, check
from .terminal import console, print_problems


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 0
    try:
        return args.run(args)
    except NotAProject as error:
        console.print(str(error))
        return 1
    except KeyboardInterrupt:
        console.print("已中断。")
        return 130
    except Exception as error:  # noqa: BLE001 - editors must never see a traceback
        if os.environ.get("BRANDHALL_DEBUG"):
            raise
        console.print(Text.assemble(("brandhall 内部错误", "red"), f"：{type(error).__name__}: {error}\n"
                                    "这不是你的文件写错了。请把这段信息发给网站管理员；"
                                    "设置环境变量 BRANDHALL_DEBUG=1 可看到详细信息。"))
        return 2


class NotAProject(Exception):
    """A command that acts on a project was run outside one."""


def _project(*, branches: bool = True) -> Project:
    """The project in the current folder; `branches`: its branch folder must exist already."""
    root = Path.cwd()
    if not (root / "mkdocs.yml").is_file():
        raise NotAProject(f"当前文件夹 {root} 不是 brandhall 项目（里面没有 mkdocs.yml），"
                          "请先 cd 到项目根目录（有 mkdocs.yml 和 branches/ 的文件夹）再运行。")
    project = Project(root)
    if branches and not project.branches_dir.is_dir():
        raise NotAProject(f"项目 {root} 里还没有支部文件夹 {project.settings.branches_dir}/，"
                          "请用 brandhall new branch <文件夹名> 新建第一个支部。")
    return project


class _ChineseHelp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese headings; subcommand parsers are made with the same class."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _ChineseHelp)
        super().__init__(*args, add_help=False, **kwargs)
        self._optionals.title = "选项"
        self._positionals.title = "参数"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):
        """argparse's messages come in English; say them in Chinese."""
        for pattern, chinese in ARGPARSE_MESSAGES:
            message = re.sub(pattern, chinese, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：{message}\n加 -h 查看说明。\n")


ARGPARSE_MESSAGES = (
    (r"^the following arguments are required: (.+)$", r"缺少必填的参数：\1"),
    (r"^unrecognized arguments: (.+)$", r"不认识的参数：\1"),
    (r"^argument (\S+): invalid choice: '([^']*)' \(choose from (.+)\)$", r"\1 没有“\2”这一项，可选：\3"),
    (r"^argument (\S+): expected one argument$", r"\1 后面要写一个值"),
    (r"^argument (\S+): invalid \w+ value: '([^']*)'$", r"\1 的值“\2”不对"),
    (r"^argument (\S+): ", r"\1："),
)


def _parser() -> argparse.ArgumentParser:
    parser = ChineseParser(
        prog="brandhall",
        description="一支部一品牌展厅：把 branches/ 里的支部 YAML 生成党建品牌展示网站。"
                    "所有命令都作用于当前目录下的项目。",
    )
    commands = parser.add_subparsers(title="命令", metavar="命令")

    check_cmd = commands.add_parser("check", help="检查所有支部文件，一次列出全部错误")
    check_cmd.set_defaults(run=_check)

    build_cmd = commands.add_parser("build", help="检查并生成网站到 site/")
    build_cmd.add_argument("--site-dir", type=Path, help="输出文件夹（默认 site/）")
    build_cmd.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    build_cmd.add_argument("--offline", action="store_true",
                           help="生成能直接从磁盘打开（file://，如 U 盘）的离线副本，搜索照常可用；"
                                "默认输出到 site-offline/")
    build_cmd.add_argument("--site-url", help="网站的正式地址，覆盖 mkdocs.yml 的 site_url")
    build_cmd.add_argument("--no-booklets", action="store_true",
                           help="不生成各支部的品牌手册 PDF（更快；支部页上也不出现下载链接）")
    _engine_option(build_cmd)
    build_cmd.set_defaults(run=_build)

    publish_cmd = commands.add_parser(
        "publish", help="检查、生成新版本并一次切换内网网站（失败时网站保持原样）")
    publish_cmd.add_argument("--to", type=Path, required=True, metavar="文件夹",
                             help="发布文件夹：版本放在 releases/，网站服务器指向其中的 current 链接")
    publish_cmd.add_argument("--keep", type=_at_least_one, default=5, metavar="N",
                             help="保留最近 N 个版本，供回退（默认 5）")
    publish_cmd.add_argument("--site-url", help="网站的正式地址（含子路径，如 http://intranet/dangjian/），"
                             "覆盖 mkdocs.yml 的 site_url")
    publish_cmd.add_argument("--from", type=Path, dest="built", metavar="文件夹",
                             help="发布已由 brandhall build 生成的网站（如 site/），不再检查和生成；"
                                  "先核对它完整无缺")
    publish_cmd.add_argument("-q", "--quiet", action="store_true", help="不显示进度条")
    _engine_option(publish_cmd)
    publish_cmd.set_defaults(run=_publish)

    rollback_cmd = commands.add_parser("rollback", help="把内网网站退回上一个版本")
    rollback_cmd.add_argument("--to", type=Path, required=True, metavar="文件夹", help="发布文件夹（同 publish）")
    rollback_cmd.set_defaults(run=_rollback)

    serve_cmd = commands.add_parser("serve", help="生成网站并在本机预览，文件改动后自动重新生成")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    serve_cmd.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    _engine_option(serve_cmd)
    serve_cmd.set_defaults(run=_serve)

    edit_cmd = commands.add_parser("edit", help="在浏览器里用表单编辑支部、人物和故事（本机预览 + 表单编辑器）")
    edit_cmd.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    edit_cmd.add_argument("--port", type=int, default=8000, help="预览端口（默认 8000）")
    edit_cmd.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    edit_cmd.set_defaults(run=_edit)

    pdf_cmd = commands.add_parser("stars-pdf", help="把当期明星导出为可打印的 A4 海报 PDF")
    pdf_cmd.add_argument("-o", "--output", type=Path, default=Path("site/明星海报.pdf"),
                         help="输出文件（默认 site/明星海报.pdf，与网站一起发布）")
    pdf_cmd.add_argument("--layout", choices=("grid", "single"), default="grid",
                         help="grid：每页 6 人（默认）；single：每页 1 人")
    pdf_cmd.set_defaults(run=_stars_pdf)

    booklet_cmd = commands.add_parser(
        "booklet", help="生成可打印的 A4 品牌手册 PDF：写一个支部为该支部的手册，不写或写多个为品牌汇编")
    booklet_cmd.add_argument("slugs", nargs="*", metavar="支部文件夹名",
                             help="branches/ 下的支部文件夹名；不写则汇编全部支部")
    booklet_cmd.add_argument("--org", metavar="党委名", help="只汇编这个党委的支部，如 广东分公司党委")
    booklet_cmd.add_argument("-o", "--output", type=Path, metavar="文件.pdf",
                             help="输出文件（默认 品牌手册-<文件夹名>.pdf 或 品牌汇编.pdf）")
    booklet_cmd.add_argument("--site-url", help="二维码指向的网站地址，覆盖 mkdocs.yml 的 site_url")
    booklet_cmd.set_defaults(run=_booklet)

    schema_cmd = commands.add_parser(
        "schema", help="由数据模型重新生成 schema/branch.schema.json 和 schema/screen.schema.json")
    schema_cmd.set_defaults(run=_schema)

    new_cmd = commands.add_parser("new", help="新建支部、故事或先进典型，文件里带有每一项的中文说明")
    new_kinds = new_cmd.add_subparsers(title="新建什么", metavar="类型", required=True)
    new_branch = new_kinds.add_parser("branch", help="新建支部文件夹 branches/<文件夹名>/ 和 branch.yml")
    new_branch.add_argument("slug", metavar="文件夹名",
                            help="支部文件夹名，也是网址：小写字母、数字和 -，如 guangzhou-peisong")
    new_branch.add_argument("--name", metavar="支部名称", help="支部名称，如 广州配送中心党支部（可以以后再填）")
    new_branch.set_defaults(run=_new)
    new_story = new_kinds.add_parser("story", help="在支部的 stories/ 里新建一篇故事")
    new_story.add_argument("slug", metavar="文件夹名", help="支部文件夹名，如 guangzhou-peisong")
    new_story.add_argument("title", metavar="标题", help="故事标题，用引号括起来")
    new_story.add_argument("--date", metavar="日期", help="故事日期，如 2024-06-18（默认今天）")
    new_story.set_defaults(run=_new)
    new_figure = new_kinds.add_parser("figure", help="在支部的 branch.yml 里添加一位先进典型")
    new_figure.add_argument("slug", metavar="文件夹名", help="支部文件夹名，如 guangzhou-peisong")
    new_figure.add_argument("name", metavar="姓名", help="先进典型的姓名")
    new_figure.set_defaults(run=_new)
    for kind, sub in (("branch", new_branch), ("story", new_story), ("figure", new_figure)):
        sub.set_defaults(kind=kind)

    screens_cmd = commands.add_parser("screens", help="大屏：查看各播放盒的状态")
    screens_kinds = screens_cmd.add_subparsers(title="做什么", metavar="命令", required=True)
    status_cmd = screens_kinds.add_parser(
        "status", help="从网站服务器的访问日志里读出每块大屏最后一次联系的时间和显示的版本，标出失联的")
    status_cmd.add_argument("--log", type=Path, required=True, metavar="访问日志",
                            help="nginx 访问日志，如 /var/log/nginx/access.log（也可以是 .gz）")
    status_cmd.add_argument("--stale", type=_at_least_one, default=10, metavar="分钟",
                            help="超过多少分钟没有联系算作失联（默认 10）")
    status_cmd.set_defaults(run=_screens_status)

    import_cmd = commands.add_parser("import", help="从 Excel 表格导入内容")
    import_kinds = import_cmd.add_subparsers(title="导入什么", metavar="类型", required=True)
    honours_cmd = import_kinds.add_parser(
        "honours", help="把荣誉名单（.xlsx，列：支部、姓名、称号、期间、授予单位）加到各支部的先进典型里")
    honours_cmd.add_argument("file", type=Path, metavar="表格.xlsx", help="荣誉名单 Excel 文件")
    honours_cmd.add_argument("--apply", action="store_true", help="写入文件（默认只显示将要做的改动）")
    honours_cmd.set_defaults(run=_import_honours)
    return parser


def _engine_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--engine", choices=ENGINES,
                         help="网站引擎：mkdocs 或 zensical（默认用 mkdocs.yml 里 extra.brandhall.engine 的设定，"
                              "没有设定时为 mkdocs；见 docs/guide/engine.md）")


def _summary(problems: Problems) -> str:
    return f"{len(problems.errors)} 个错误，{len(problems.warnings)} 个警告"


def _screens_status(args: argparse.Namespace) -> int:
    from .screens.status import print_status

    project = _project(branches=False)
    return print_status(project.root, project.root / "site", args.log, args.stale)


def _check(args: argparse.Namespace) -> int:
    project = _project()
    result = check(project)
    example = example_address_problem(project.root, project.site_url)
    if example:
        result.problems.add(example)
    print_problems(result.problems, project.root)
    if len(result.problems):
        codes = "、".join(sorted({p.code for p in result.problems}))
        console.print(f"每个问题的说明和改法见 docs/guide/errors.md（本次的问题代码：{codes}）")
    if result.problems.errors:
        console.print(f"检查未通过：{_summary(result.problems)}。请按提示修改后重新运行 brandhall check。")
        return 1
    branches = len(result.graph.branches) if result.graph else 0
    if result.drafts:
        console.print(result.drafts, markup=False)
    console.print(f"检查通过：{branches} 个支部，{_summary(result.problems)}。")
    return 0


def _build(args: argparse.Namespace) -> int:
    project = _project()
    site_dir = (args.site_dir or project.root / ("site-offline" if args.offline else "site")).resolve()
    try:
        report = build(project, site_dir, quiet=args.quiet, offline=args.offline, site_url=args.site_url,
                       booklets=not args.no_booklets, engine=args.engine)
    except BuildFailed as failed:
        print_problems(failed.problems, project.root)
        console.print(f"构建失败：{_summary(failed.problems)}。{site_dir.name}/ 没有改动。")
        return 1
    print_problems(report.problems, project.root)
    console.print(f"照片 {report.photos} 张（本次新处理 {report.photos_decoded} 张，其余来自缓存），"
                  f"页面 {report.pages} 个（本次新生成 {report.pages_rendered} 个，其余未改动）"
                  + ("。" if report.booklets_typeset is None else
                     f"，品牌手册本次新排版 {report.booklets_typeset} 本。"))
    console.print(f"支部文件 {report.folders} 个，其中 {report.reused} 个未改动，沿用上次读取的结果。")
    if report.up_to_date:
        console.print(f"支部文件、文档、主题、配置和 brandhall 本身都没有改动，{site_dir.name}/ 就是上次生成的结果，"
                      "这次没有重新生成。")
    elif report.search_reused:
        console.print("页面都没有改动，沿用上次的搜索索引。")
    console.print("用时：" + "，".join(f"{name} {seconds:.1f} 秒" for name, seconds in report.stages.items()))
    if args.offline:
        console.print(f"离线副本已生成到 {site_dir}（{_summary(report.problems)}）。把整个文件夹拷走，"
                      "用浏览器打开其中的 index.html 即可，不需要网络和服务器。")
        return 0
    console.print(f"网站已生成到 {site_dir}（{_summary(report.problems)}）。"
                  "预览请运行：brandhall serve，然后打开 http://127.0.0.1:8000/")
    return 0


def _at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数，请写 1 或更大的数，如 5")
    return int(text)


def _publish(args: argparse.Namespace) -> int:
    from .publish import PublishError, publish

    project = _project()
    try:
        report = publish(project, args.to, keep=args.keep, site_url=args.site_url, quiet=args.quiet,
                         log=console.print, engine=args.engine, built=args.built and args.built.resolve())
    except BuildFailed as failed:
        print_problems(failed.problems, project.root)
        console.print(f"发布失败：{_summary(failed.problems)}。内网网站没有改动，仍是原来的版本。")
        return 1
    except PublishError as error:
        console.print(f"发布失败：{error}。内网网站没有改动。")
        return 1
    except Exception:
        console.print("发布失败：生成网站时出错（见下）。内网网站没有改动，仍是原来的版本。")
        raise
    if report.build is not None:
        print_problems(report.build.problems, project.root)
    can_return = report.previous and report.previous not in report.removed
    before = f"（上一个版本 {report.previous}，可用 brandhall rollback 退回）" if can_return else ""
    summary = f"，{_summary(report.build.problems)}" if report.build is not None else ""
    console.print(f"发布完成：网站现在是版本 {report.release}{before}{summary}。")
    console.print(f"新版本 {report.files} 个文件，其中 {report.shared} 个与上一版本相同（硬链接，不占新空间）。")
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from .publish import PublishError, rollback

    try:
        abandoned, live = rollback(args.to, log=console.print)
    except PublishError as error:
        console.print(f"回退失败：{error}。")
        return 1
    console.print(f"已回退：网站现在是版本 {live}；版本 {abandoned} 已撤下，下次发布时删除。")
    return 0


def _stars_pdf(args: argparse.Namespace) -> int:
    from .posters import export_stars_pdf

    project = _project()
    try:
        with console.status("正在生成明星海报 PDF…"):
            count = export_stars_pdf(project, (project.root / args.output).resolve(), args.layout)
    except BuildFailed as failed:
        print_problems(failed.problems, project.root)
        console.print(f"导出失败：{_summary(failed.problems)}。")
        return 1
    console.print(f"已导出 {count} 位明星到 {args.output}")
    return 0


def _booklet(args: argparse.Namespace) -> int:
    from .booklet import BookletError, default_name, export_booklet

    project = Project(Path.cwd())
    output = args.output or Path(default_name(args.slugs, args.org))
    try:
        with console.status("正在生成品牌手册 PDF…"):
            report = export_booklet(project, output.resolve(), args.slugs, args.org, args.site_url)
    except BuildFailed as failed:
        print_problems(failed.problems, project.root)
        console.print(f"导出失败：{_summary(failed.problems)}。")
        return 1
    except BookletError as error:
        console.print(f"导出失败：{error}", markup=False)
        return 1
    print_problems(Problems(report.problems), project.root)
    if not report.qr_codes:
        console.print("提示：mkdocs.yml 没有 site_url，手册里没有印网页二维码；可加 --site-url 网站地址。")
    console.print(f"已导出 {report.chapters} 个支部的品牌手册到 {output}", markup=False)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(_project(), args.host, args.port, args.engine)


def _edit(args: argparse.Namespace) -> int:
    from .edit import edit

    return edit(Project(Path.cwd()), args.host, args.port, open_browser=not args.no_browser)


def _schema(args: argparse.Namespace) -> int:
    from .schema import SCHEMAS

    root = _project(branches=False).root
    for path in (schema.write(root) for schema in SCHEMAS):
        console.print(f"已写入 {path}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_branch, new_figure, new_story

    project = _project(branches=args.kind != "branch")
    try:
        if args.kind == "branch":
            done = new_branch(project, args.slug, args.name)
        elif args.kind == "story":
            done = new_story(project, args.slug, args.title, args.date)
        else:
            done = new_figure(project, args.slug, args.name)
    except ScaffoldError as error:
        console.print(f"没有新建：{error}", markup=False)
        return 1
    for line in done.done:
        console.print(line, markup=False)
    for line in done.next_steps:
        console.print(f"下一步：{line}", markup=False)
    return 0


def _import_honours(args: argparse.Namespace) -> int:
    from .importer import plan_honours, show
    from .roster import ImportFailed

    try:
        plan = plan_honours(_project(), args.file)
    except ImportFailed as error:
        console.print(f"导入失败：{error}。文件没有改动。", markup=False)
        return 1
    return show(plan, write=args.apply, console=console, out=Console(highlight=False, soft_wrap=True))


if __name__ == "__main__":
    sys.exit(main())
