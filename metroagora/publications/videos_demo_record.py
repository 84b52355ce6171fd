"""Record the demo videos' title cards to WebM, with the browser the browser tests use.

A maintainer's tool, not run by the demo: ``videos_demo_media/*.webm`` are kept in the
repository (about 30 KB each). With no video encoder on the machines (no ffmpeg), the
headless Chromium of the browser tests draws each plan's slides on a canvas and its
MediaRecorder encodes them (VP8, 320×180, 10 frames a second)::

    .venv/bin/python -m metroagora.publications.videos_demo_record

Change the slides in ``videos_demo.PLANS`` (and their captions), then run this again.
"""

from __future__ import annotations

import base64
import os
import shutil
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from metroagora.publications.videos_demo import Plan

RECORD = r"""
async ([slides, seconds]) => {
  const canvas = document.createElement("canvas");
  canvas.width = 320;
  canvas.height = 180;
  document.body.appendChild(canvas);
  const context = canvas.getContext("2d");
  const recorder = new MediaRecorder(canvas.captureStream(10), {
    mimeType: "video/webm;codecs=vp8",
    videoBitsPerSecond: 60000,
  });
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const start = performance.now();
  const draw = () => {
    const elapsed = (performance.now() - start) / 1000;
    const index = Math.min(slides.length - 1, Math.floor(elapsed / (seconds / slides.length)));
    const slide = slides[index];
    context.fillStyle = slide.background;
    context.fillRect(0, 0, 320, 180);
    context.fillStyle = "#fff";
    context.textAlign = "center";
    context.font = "bold 22px sans-serif";
    slide.lines.forEach((line, n) => context.fillText(line, 160, 75 + n * 30));
    context.font = "12px sans-serif";
    context.fillText("MetroAgora", 160, 165);
    context.fillRect(0, 176, 320 * Math.min(1, elapsed / seconds), 4);
  };
  draw();
  recorder.start();
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      draw();
      if (performance.now() - start > seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.stop();
  await stopped;
  const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
"""


def record(page: Any, plan: Plan) -> bytes:
    from metroagora.publications.videos_demo import SECONDS_PER_SLIDE

    slides = [{"background": s.background, "lines": list(s.lines)} for s in plan.slides]
    seconds = len(plan.slides) * SECONDS_PER_SLIDE
    return base64.b64decode(page.evaluate(RECORD, [slides, seconds]))


def main() -> None:
    import django
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "metroagora.settings")
    django.setup()
    from metroagora.publications.videos_demo import MEDIA_DIR, PLANS

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not chromium:
        sys.exit("Chromium not found (set CHROMIUM_PATH).")
    MEDIA_DIR.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.goto("about:blank")
        for plan in PLANS:
            if plan.slides:
                data = record(page, plan)
                plan.media.write_bytes(data)
                print(f"{plan.media.name}: {len(data):,} bytes")
        browser.close()


if __name__ == "__main__":
    main()
