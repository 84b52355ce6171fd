"""A 100-page publication with 200 images, rendered to PDF by its background task.

    python bench/bench_publications.py [--quick]      # printed
    (bench/run.py calls ``publication_benchmarks``)

A throw-away SQLite database is migrated, then ``--generate`` writes, through
``publications_services`` like an editor: a publication with a cover image and 200
text parts (40 in quick mode), each with a heading, a paragraph and one JPEG
photo-like image of 1200 x 800 pixels made with Pillow (gradient, shapes and noise,
so the files weigh what photos weigh: about 100 to 200 KB). In a fresh process
(``--time``, Django set up and its URLs loaded, as in a task worker), "Render version
N" is asked twice through ``services.render_new_version``; the immediate task backend
runs the task (``render_publication_version``) at once:

1. cold: no print-sized copy of the images exists yet: each is made and cached (a
   JPEG already about its printed size, like these, is copied as it is; a larger one
   is resized);
2. warm: the next version reuses the cached copies (what an editor's second rendering
   costs).

The stage timings come from the task's own progress writes (loading and images,
layout by WeasyPrint, writing the PDF, storing). The PDF is checked: it starts with
``%PDF`` and has at least 100 pages (20 in quick mode).

From the outputs issue: a 100-page publication with 200 images renders to PDF in under
60 s in a background task.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import Server, step  # noqa: E402

Check = tuple[str, str, str, bool]

SIZES = {"quick": {"parts": 40, "pages": 20}, "full": {"parts": 200, "pages": 100}}
IMAGE_SIZE = (1200, 800)
RENDER_S = 60.0
SLUG = "bench-publication"

WORDS = (  # noqa: SIM905 - easier to read as text
    "city residents budget assembly climate plan neighbourhood transport housing "
    "school participation vote proposal council mayor network Europe funding project "
    "square street park library youth dialogue citizens decision open data energy "
    "water"
).split()


# --- In a subprocess with Django set up --------------------------------------------------


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metroagora.settings")
    import django

    django.setup()


def photo(rng: random.Random, name: str) -> Any:
    """A JPEG upload that weighs what a photo weighs (gradient, shapes, noise)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    width, height = IMAGE_SIZE
    base = Image.linear_gradient("L").resize(IMAGE_SIZE).convert("RGB")
    tint = Image.new("RGB", IMAGE_SIZE, tuple(rng.randint(40, 220) for _ in range(3)))
    image = Image.blend(base, tint, 0.6)
    draw = ImageDraw.Draw(image)
    for _ in range(18):
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(20, 160)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    noise = Image.effect_noise(IMAGE_SIZE, rng.randint(30, 60)).convert("RGB")
    image = Image.blend(image, noise, 0.18)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def generate(parts: int) -> None:
    """The editor and the publication: a cover and ``parts`` text parts with an image each."""
    _setup_django()
    from metroagora.accounts.models import User
    from metroagora.publications import publications_services as services
    from metroagora.publications.models import PartKind

    rng = random.Random(2026)
    started = time.perf_counter()
    editor = User.objects.create_user(
        email="bench.editor@example.org", display_name="Bench Editor", is_editor=True
    )
    publication = services.create_publication(
        editor,
        title={"en": "Benchmark: what 200 cities learned", "_original": "en"},
        subtitle={"en": "A long publication with many images", "_original": "en"},
        introduction={"en": "\n\n".join(_paragraph(rng, 80) for _ in range(3)), "_original": "en"},
        cover=photo(rng, "cover.jpg"),
        cover_alt="A photo-like picture: coloured shapes on a gradient.",
        slug=SLUG,
    )
    total_bytes = publication.cover.size
    for n in range(parts):
        text = _paragraph(rng, rng.randint(40, 60))
        part = services.add_part(
            editor,
            publication,
            kind=PartKind.TEXT,
            heading={"en": f"Chapter {n + 1}: {_paragraph(rng, 5)[:-1]}", "_original": "en"},
            text={"en": text, "_original": "en"},
            image=photo(rng, f"photo-{n + 1}.jpg"),
            image_alt=f"Photo {n + 1}: coloured shapes on a gradient.",
        )
        total_bytes += part.image.size
    print(
        json.dumps(
            {
                "parts": parts,
                "images": parts + 1,
                "image_mb": round(total_bytes / 1024 / 1024, 1),
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )


def time_renderings() -> None:
    """Render version 1 (cold image cache) then version 2 (warm), timing each stage."""
    _setup_django()
    from django.urls import get_resolver

    from metroagora.accounts.models import User
    from metroagora.publications import publications_pdf as pdf
    from metroagora.publications import publications_services as services
    from metroagora.publications.models import Publication, RenderStatus

    get_resolver().url_patterns  # noqa: B018 - a worker has its URLs loaded already
    import weasyprint  # noqa: F401 - imported once per worker process too

    editor = User.objects.get(email="bench.editor@example.org")
    publication = Publication.objects.get(slug=SLUG)
    marks: list[tuple[float, int]] = []
    original = pdf._set

    def record(version_id: int, **fields: Any) -> None:
        marks.append((time.perf_counter(), int(fields.get("progress", -1))))
        original(version_id, **fields)

    pdf._set = record
    runs = []
    for label in ("cold", "warm"):
        marks.clear()
        started = time.perf_counter()
        (version,) = services.render_new_version(editor, publication, languages=["en"])
        elapsed = time.perf_counter() - started
        version.refresh_from_db()
        if version.status != RenderStatus.DONE:
            raise SystemExit(f"the {label} rendering failed: {version.error}")
        with version.pdf.open("rb") as handle:
            head = handle.read(5)
        stages = _stages(started, marks, started + elapsed)
        runs.append(
            {
                "label": label,
                "seconds": elapsed,
                "pages": version.page_count,
                "pdf_mb": round(version.pdf.size / 1024 / 1024, 1),
                "starts_with_pdf": head == b"%PDF-",
                "stages": stages,
            }
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"runs": runs, "peak_rss_mb": round(rss)}))


def _stages(started: float, marks: list[tuple[float, int]], ended: float) -> dict[str, float]:
    """Seconds per stage, from the progress the task wrote (see publications_pdf.STAGES)."""
    from metroagora.publications.publications_pdf import STAGES

    def first(progress: int) -> float:
        return next((at for at, value in marks if value >= progress), ended)

    layout, writing = first(STAGES["layout"]), first(STAGES["writing"])
    return {
        "content_and_images": round(layout - started, 2),
        "layout": round(writing - layout, 2),
        "pdf_and_storing": round(ended - writing, 2),
    }


# --- Orchestration -----------------------------------------------------------------------


def _json(out: str) -> Any:
    return json.loads(out.strip().splitlines()[-1])


def publication_benchmarks(quick: bool, tmp: Path | None = None) -> tuple[list[Check], str]:
    """Budget rows for ``bench/run.py`` and a paragraph of method notes."""
    mode = "quick" if quick else "full"
    size = SIZES[mode]
    own_tmp = (
        tempfile.TemporaryDirectory(prefix="metroagora-publications-") if tmp is None else None
    )
    work = Path(own_tmp.name if own_tmp else tmp)  # type: ignore[arg-type]
    server = Server(work, "sync", 1)
    server.env["TASKS_BACKEND"] = "immediate"
    scale = " (quick: 1/5 size)" if quick else ""
    try:
        step(f"  migrate into {server.env['DATABASE_URL']}")
        server.manage("migrate", "--noinput", "-v", "0")
        step(f"  a publication of {size['parts']} parts with an image each, and a cover")
        made = _json(server.run("bench/bench_publications.py", "--generate", str(size["parts"])))
        step(f"    {made}")
        step("  render version 1 (cold image cache) and version 2 (warm)")
        timed = _json(server.run("bench/bench_publications.py", "--time"))
    finally:
        if own_tmp:
            own_tmp.cleanup()
    checks: list[Check] = []
    for run in timed["runs"]:
        stages = run["stages"]
        step(
            f"    {run['label']}: {run['seconds']:.1f} s, {run['pages']} pages, "
            f"{run['pdf_mb']} MB (content and images {stages['content_and_images']} s, "
            f"layout {stages['layout']} s, PDF {stages['pdf_and_storing']} s)"
        )
    cold, warm = timed["runs"]
    ok_pdf = all(run["starts_with_pdf"] for run in timed["runs"])
    enough_pages = cold["pages"] >= size["pages"]
    label = (
        f"a publication of {cold['pages']} pages with {made['images']} images "
        f"(1200 x 800 JPEG, {made['image_mb']} MB){scale}, rendered to a tagged PDF "
        "by its background task"
    )
    checks.append(
        (
            f"{label}: first rendering (print copies of the images made)",
            f"{cold['seconds']:.1f} s (content and images {cold['stages']['content_and_images']}"
            f" s, layout {cold['stages']['layout']} s, PDF {cold['stages']['pdf_and_storing']}"
            f" s; {cold['pdf_mb']} MB)",
            f"< {RENDER_S:g} s",
            cold["seconds"] < RENDER_S and ok_pdf and enough_pages,
        )
    )
    checks.append(
        (
            f"{label}: next version (print-sized images cached)",
            f"{warm['seconds']:.1f} s (layout {warm['stages']['layout']} s, "
            f"PDF {warm['stages']['pdf_and_storing']} s; peak memory {timed['peak_rss_mb']} MB)",
            f"< {RENDER_S:g} s",
            warm["seconds"] < RENDER_S and ok_pdf,
        )
    )
    notes = (
        "Publications: `bench/bench_publications.py` writes a publication through the "
        f"services ({made['parts']} text parts, each a heading, a paragraph and a "
        f"1200 x 800 JPEG made with Pillow, plus a cover: {made['images']} images, "
        f"{made['image_mb']} MB) into a throw-away SQLite file, then renders it twice in a "
        "fresh process with its URLs loaded, as a task worker would: version 1 with no "
        "print-sized copy of the images yet, version 2 with them cached. The task makes a "
        "copy of each image at its printed size (about 150 dpi; a JPEG at most 25% larger, "
        "like these, is kept as it is) and WeasyPrint embeds the JPEG bytes without "
        "decoding them; the PDF is PDF/UA-1 (tagged), with a cover, contents with page "
        f"numbers and bookmarks: {cold['pages']} pages, {cold['pdf_mb']} MB."
    )
    return checks, notes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--generate", type=int, metavar="PARTS")
    parser.add_argument("--time", action="store_true")
    args = parser.parse_args()
    if args.generate:
        generate(args.generate)
    elif args.time:
        time_renderings()
    else:
        checks, notes = publication_benchmarks(args.quick)
        for label, measured, budget, ok in checks:
            print(f"{'PASS' if ok else 'FAIL'}  {label}: {measured} (budget {budget})")
        print(notes)


if __name__ == "__main__":
    main()
