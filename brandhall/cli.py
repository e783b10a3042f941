"""The `brandhall` command. Every command acts on the project in the current directory."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Console

from .errors import BuildFailed, Problems
from .site import Project, build, check

console = Console(stderr=True, highlight=False, soft_wrap=True)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 0
    try:
        return args.run(args)
    except KeyboardInterrupt:
        console.print("已中断。")
        return 130
    except Exception as error:  # noqa: BLE001 - editors must never see a traceback
        if os.environ.get("BRANDHALL_DEBUG"):
            raise
        console.print(f"[red]brandhall 内部错误[/]：{type(error).__name__}: {error}\n"
                      "这不是你的文件写错了。请把这段信息发给网站管理员；"
                      "设置环境变量 BRANDHALL_DEBUG=1 可看到详细信息。")
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    build_cmd.set_defaults(run=_build)

    serve_cmd = commands.add_parser("serve", help="生成网站并在本机预览，文件改动后自动重新生成")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    serve_cmd.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve_cmd.set_defaults(run=_serve)

    pdf_cmd = commands.add_parser("stars-pdf", help="把当期明星导出为可打印的 A4 海报 PDF")
    pdf_cmd.add_argument("-o", "--output", type=Path, default=Path("明星海报.pdf"),
                         help="输出文件（默认 明星海报.pdf）")
    pdf_cmd.add_argument("--layout", choices=("grid", "single"), default="grid",
                         help="grid：每页 6 人（默认）；single：每页 1 人")
    pdf_cmd.set_defaults(run=_stars_pdf)

    schema_cmd = commands.add_parser("schema", help="由数据模型重新生成 schema/branch.schema.json")
    schema_cmd.set_defaults(run=_schema)
    return parser


def print_problems(problems: Problems, root: Path) -> None:
    for problem in problems:
        style = "red" if problem.severity.name == "ERROR" else "yellow"
        console.print(f"[{style}]{problem.severity.value}[/] {problem.format(root)}",
                      markup=True, soft_wrap=True)


def _summary(problems: Problems) -> str:
    return f"{len(problems.errors)} 个错误，{len(problems.warnings)} 个警告"


def _check(args: argparse.Namespace) -> int:
    project = Project(Path.cwd())
    result = check(project)
    print_problems(result.problems, project.root)
    if result.problems.errors:
        console.print(f"检查未通过：{_summary(result.problems)}。请按提示修改后重新运行 brandhall check。")
        return 1
    branches = len(result.graph.branches) if result.graph else 0
    console.print(f"检查通过：{branches} 个支部，{_summary(result.problems)}。")
    return 0


def _build(args: argparse.Namespace) -> int:
    project = Project(Path.cwd())
    site_dir = (args.site_dir or project.root / "site").resolve()
    try:
        report = build(project, site_dir, quiet=args.quiet)
    except BuildFailed as failed:
        print_problems(failed.problems, project.root)
        console.print(f"构建失败：{_summary(failed.problems)}。site/ 没有改动。")
        return 1
    print_problems(report.problems, project.root)
    console.print(f"照片 {report.photos} 张（本次新处理 {report.photos_decoded} 张，其余来自缓存），"
                  f"页面 {report.pages} 个。")
    console.print(f"网站已生成到 {site_dir}（{_summary(report.problems)}）。"
                  "预览请运行：brandhall serve，然后打开 http://127.0.0.1:8000/")
    return 0


def _stars_pdf(args: argparse.Namespace) -> int:
    from .posters import export_stars_pdf

    project = Project(Path.cwd())
    try:
        with console.status("正在生成明星海报 PDF…"):
            count = export_stars_pdf(project, args.output.resolve(), args.layout)
    except BuildFailed as failed:
        print_problems(failed.problems, project.root)
        console.print(f"导出失败：{_summary(failed.problems)}。")
        return 1
    console.print(f"已导出 {count} 位明星到 {args.output}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(Project(Path.cwd()), args.host, args.port)


def _schema(args: argparse.Namespace) -> int:
    from .schema import write_schema

    path = write_schema(Path.cwd())
    console.print(f"已写入 {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
