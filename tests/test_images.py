"""The photo pipeline on real photos and on bad photos derived from them."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_brandhall
from PIL import Image, ImageStat

from brandhall.photowork import LOGO, PORTRAIT, STORY_PHOTO, render_image
from brandhall.svg import UnsafeSvg, sanitize_svg

PHOTOS = REPO / "tests" / "fixtures" / "photos"
ASTRONAUT = PHOTOS / "astronaut.png"
HOPPER = PHOTOS / "grace_hopper.jpg"
ROCKET = PHOTOS / "rocket.jpg"
GZ = "branches/huanan-wuliu"


def render(tmp_path: Path, source: Path, use=PORTRAIT, focus=None):
    cache = tmp_path / "cache"
    cache.mkdir(exist_ok=True)
    meta, failures = render_image(str(source), use, focus, str(cache), source.stem)
    return meta, failures, cache


def largest(meta: dict, cache: Path, fmt: str) -> Image.Image:
    files = [f for f in meta["files"] if f["format"] == fmt]
    return Image.open(cache / max(files, key=lambda f: f["width"])["name"])


def difference(a: Image.Image, b: Image.Image) -> float:
    a, b = a.convert("RGB").resize((64, 64)), b.convert("RGB").resize((64, 64))
    diff = [abs(x - y) for pa, pb in zip(a.get_flattened_data(), b.get_flattened_data(), strict=True)
            for x, y in zip(pa, pb, strict=True)]
    return sum(diff) / len(diff)


def test_outputs_are_webp_and_jpeg_at_configured_widths_never_upscaled(tmp_path):
    meta, failures, cache = render(tmp_path, HOPPER)
    assert failures == []
    widths = {f["width"] for f in meta["files"]}
    assert widths == {240, 450}, "a 512×600 source crops to 450×600: 240, then 450, never upscaled"
    formats = {f["format"] for f in meta["files"]}
    assert formats == {"webp", "jpeg"}
    for file in meta["files"]:
        with Image.open(cache / file["name"]) as image:
            assert image.width == file["width"]
            assert abs(image.width / image.height - 3 / 4) < 0.01


def test_exif_orientation_is_applied(tmp_path):
    upright = Image.open(HOPPER)
    rotated = upright.rotate(90, expand=True)  # how a phone stores a sideways shot
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    sideways = tmp_path / "sideways.jpg"
    rotated.save(sideways, exif=exif, quality=95)
    meta_ok, _, cache_ok = render(tmp_path, HOPPER)
    meta, _, cache = render(tmp_path, sideways)
    assert difference(largest(meta, cache, "jpeg"), largest(meta_ok, cache_ok, "jpeg")) < 12


def test_focus_point_chooses_the_crop(tmp_path):
    left, _, cache = render(tmp_path, ROCKET, focus=(0.0, 0.5))
    left_image = largest(left, cache, "jpeg")
    right_source = tmp_path / "rocket-copy.jpg"
    right_source.write_bytes(ROCKET.read_bytes())
    right, _, cache = render(tmp_path, right_source, focus=(1.0, 0.5))
    right_image = largest(right, cache, "jpeg")
    rocket = Image.open(ROCKET)
    crop_width = round(rocket.height * 3 / 4)
    expected_left = rocket.crop((0, 0, crop_width, rocket.height))
    expected_right = rocket.crop((rocket.width - crop_width, 0, rocket.width, rocket.height))
    assert difference(left_image, expected_left) < difference(left_image, expected_right)
    assert difference(right_image, expected_right) < difference(right_image, expected_left)


def test_tall_portrait_without_focus_keeps_the_head(tmp_path):
    face = Image.open(ASTRONAUT).convert("RGB")
    tall = Image.new("RGB", (512, 1400), (128, 128, 128))
    tall.paste(face, (0, 0))
    source = tmp_path / "tall.png"
    tall.save(source)
    meta, _, cache = render(tmp_path, source)
    output = largest(meta, cache, "jpeg")
    expected_top = face.crop((0, round(0.06 * 1400), 512, 512))
    top = output.crop((0, 0, output.width, round(output.height * expected_top.height / 683)))
    assert difference(top, expected_top) < 12


@pytest.mark.parametrize("mode", ["CMYK", "P", "LA", "RGBA", "I;16"])
def test_every_colour_mode_becomes_plain_srgb(tmp_path, mode):
    source = tmp_path / f"mode-{mode.replace(';', '')}.{'jpg' if mode == 'CMYK' else 'png'}"
    image = Image.open(ASTRONAUT)
    if mode == "I;16":
        image = image.convert("L").convert("I").point(lambda v: v * 256).convert("I;16")
    else:
        image = image.convert(mode)
    image.save(source)
    meta, failures, cache = render(tmp_path, source)
    assert failures == []
    output = largest(meta, cache, "jpeg")
    assert output.mode == "RGB"
    assert ImageStat.Stat(output).stddev[0] > 20, "the picture survived the conversion"


def test_logo_transparency_is_kept_as_png(tmp_path):
    logo = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    logo.paste(Image.open(ASTRONAUT).convert("RGBA").resize((150, 150)), (75, 75))
    source = tmp_path / "logo.png"
    logo.save(source)
    meta, _, cache = render(tmp_path, source, LOGO)
    output = largest(meta, cache, "png")
    assert output.mode == "RGBA"
    assert output.getpixel((2, 2))[3] == 0


def test_metadata_and_gps_are_stripped_and_colour_profile_converted(tmp_path):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (23.0, 7.0, 0.0)}  # GPS: where the photo was taken
    source = tmp_path / "gps.jpg"
    Image.open(HOPPER).save(source, exif=exif, icc_profile=Image.open(HOPPER).info.get("icc_profile"))
    assert Image.open(source).getexif()
    meta, _, cache = render(tmp_path, source, STORY_PHOTO)
    for file in meta["files"]:
        with Image.open(cache / file["name"]) as output:
            assert not output.getexif(), file
            assert "icc_profile" not in output.info


def test_heic_photos_load(tmp_path):
    source = tmp_path / "iphone.heic"
    Image.open(HOPPER).save(source, quality=80)
    meta, failures, cache = render(tmp_path, source)
    assert failures == []
    assert largest(meta, cache, "jpeg").width == 450


def test_svg_logo_is_sanitised():
    hostile = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
               b'viewBox="0 0 200 100" onload="alert(1)"><script>alert(2)</script>'
               b'<style>@import url(http://evil.example/x.css);</style>'
               b'<image xlink:href="http://evil.example/a.png" width="10" height="10"/>'
               b'<a href="javascript:alert(3)"><circle cx="50" cy="50" r="40" fill="red"/></a>'
               b'<foreignObject><div>x</div></foreignObject></svg>')
    clean, width, height = sanitize_svg(hostile)
    text = clean.decode()
    for bad in ("onload", "<script", "@import", "evil.example", "javascript:", "foreignObject"):
        assert bad not in text
    assert "<circle" in text
    assert (width, height) == (480, 240)


def test_svg_logo_stays_plain_svg_after_the_booklet_printer_loaded():
    """WeasyPrint registers XML prefixes for the whole process when it loads; in `brandhall serve`
    a rebuild after a booklet must still write logos as <svg>, not <ns0:svg>, which browsers skip."""
    import weasyprint.pdf.metadata  # noqa: F401 - loading it is the point

    clean, _, _ = sanitize_svg(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="4"/></svg>')
    assert clean.decode().splitlines()[-1].startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_svg_with_entities_is_refused():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg">'
            b'<text>&b;</text></svg>')
    with pytest.raises(UnsafeSvg, match="DTD"):
        sanitize_svg(bomb)


# --- bad photos in a real build: clear errors at the YAML line, all in one run ------------------


def _huge_png(path: Path, width: int, height: int) -> None:
    """A valid PNG header claiming a huge size: the pixel count must be refused before decoding."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _photo_line(branch_yml: Path, photo: str) -> int:
    lines = branch_yml.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if f"photo: {photo}" in line)


def test_bad_photos_each_get_a_clear_error_at_their_yaml_line(tmp_path):
    project = copy_project(tmp_path / "project")
    branch_yml = project / GZ / "branch.yml"
    photos = sorted(re.findall(r"photo: (people/\S+)", branch_yml.read_text()))
    assert len(photos) >= 2
    truncated, not_image = photos[0], photos[1]
    data = (project / GZ / truncated).read_bytes()
    (project / GZ / truncated).write_bytes(data[: len(data) // 3])
    (project / GZ / not_image).write_text("这不是照片")
    other = project / "branches/qiaoliang-xiangmu"
    other_photo = sorted(re.findall(r"photo: (people/\S+)", (other / "branch.yml").read_text()))[0]
    _huge_png(other / other_photo, 20000, 20000)
    before = {p: p.read_bytes() for p in (project / "branches").rglob("*") if p.is_file()}

    result = run_brandhall(project, "build", "--quiet")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    gz = f"{GZ}/branch.yml"
    assert any(line.startswith(f"错误 {gz}:{_photo_line(branch_yml, truncated)}:")
               and "图片文件已损坏或不完整，请重新导出或重新拷贝这张照片" in line for line in lines)
    assert any(line.startswith(f"错误 {gz}:{_photo_line(branch_yml, not_image)}:")
               and "这个文件不是能识别的图片，请换成 JPG 或 PNG 照片" in line for line in lines)
    qiao = "branches/qiaoliang-xiangmu/branch.yml"
    assert any(line.startswith(f"错误 {qiao}:{_photo_line(other / 'branch.yml', other_photo)}:")
               and "图片像素过多（超过 5000 万像素），请先缩小到 4000 像素宽以内" in line
               for line in lines)
    assert not (project / "site").exists(), "nothing was published"
    assert before == {p: p.read_bytes() for p in (project / "branches").rglob("*") if p.is_file()}


def test_unsupported_format_and_small_photo(tmp_path):
    project = copy_project(tmp_path / "project")
    branch_yml = project / GZ / "branch.yml"
    photos = sorted(re.findall(r"photo: (people/\S+)", branch_yml.read_text()))
    Image.open(HOPPER).save(project / GZ / photos[0], format="GIF")
    Image.open(HOPPER).resize((100, 117)).save(project / GZ / photos[1], format="PNG")
    result = run_brandhall(project, "build", "--quiet")
    assert result.returncode == 1
    field_re = r"第 \d+ 位先进典型 › photo \(照片\)"
    line0, line1 = _photo_line(branch_yml, photos[0]), _photo_line(branch_yml, photos[1])
    assert re.search(rf"^错误 {GZ}/branch.yml:{line0}:\d+: {field_re}: 不支持 GIF 格式的图片，请另存为 JPG 或 PNG$",
                     result.stderr, re.M)
    assert re.search(rf"^警告 {GZ}/branch.yml:{line1}:\d+: {field_re}: 照片只有 100 像素宽，展示时会模糊；"
                     r"建议换一张至少 240 像素宽的照片$", result.stderr, re.M)


def test_rebuild_with_no_photo_changed_decodes_none(tmp_path):
    project = copy_project(tmp_path / "project")
    first = run_brandhall(project, "build", "--quiet")
    assert first.returncode == 0
    assert re.search(r"本次新处理 [1-9]\d* 张", first.stderr)
    second = run_brandhall(project, "build", "--quiet")
    assert "本次新处理 0 张" in second.stderr
    assert not any(p.is_relative_to(project / "site") for p in (project / ".brandhall").rglob("*"))


def test_exif_rotated_portrait_shows_upright_on_the_wall(tmp_path, browser, site):
    """A phone stores the shot sideways with an orientation tag; the wall shows it upright."""
    from conftest import LocalServer, screenshot

    project = copy_project(tmp_path / "project")
    photo = project / "branches/jiaotong-yanjiuyuan/people/liu-yang.jpg"
    upright = Image.open(photo)
    exif = Image.Exif()
    exif[0x0112] = 8  # "rotate 90° counter-clockwise to display"
    upright.rotate(-90, expand=True).save(photo, exif=exif, quality=95)
    assert run_brandhall(project, "build", "--quiet").returncode == 0
    rotated_site = LocalServer(project / "site")
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        shots = []
        for server in (site, rotated_site):
            page.goto(server.url("wall/"))
            card = page.locator(".bh-current-stars .bh-figure-card", has_text="刘洋")
            image = card.locator("img")
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
            assert image.evaluate("img => img.naturalHeight > img.naturalWidth"), "portrait is upright"
            path = tmp_path / f"portrait-{len(shots)}.png"
            image.screenshot(path=str(path))
            shots.append(Image.open(path))
        screenshot(page, "wall-exif-rotated-portrait-1920x1080")
        assert difference(shots[0], shots[1]) < 12
    finally:
        page.close()
        rotated_site.close()
