"""Content for the tracked-content tests, made here: a real WebM video (VP8, through PyAV's ffmpeg), a
real PDF (fpdf2) and an HTML5 site that reports its own completion."""

from __future__ import annotations

import io
import zipfile

import av
import numpy as np
from fpdf import FPDF


def webm(seconds: int = 4, fps: int = 10) -> bytes:
    """A small colour-changing VP8 video of `seconds`."""
    out = io.BytesIO()
    with av.open(out, "w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        for i in range(seconds * fps):
            frame = np.zeros((120, 160, 3), dtype=np.uint8)
            frame[:, :, i % 3] = (i * 7) % 255
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def pdf(pages: int = 3) -> bytes:
    document = FPDF()
    document.set_font("helvetica", size=28)
    for number in range(1, pages + 1):
        document.add_page()
        document.cell(text=f"Service standards, page {number}")
    return bytes(document.output())


SITE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Grievance steps</title></head>
<body><h1>Grievance steps</h1><p>Register, acknowledge, resolve, close.</p>
<button id="done" type="button">I have read it</button>
<script>
document.getElementById("done").onclick = function () { parent.postMessage({type: "completed"}, "*"); };
</script>
</body></html>"""


def html5_zip(folder: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(f"{folder}index.html", SITE)
        archive.writestr(f"{folder}style.css", "body { font-family: sans-serif; }")
    return out.getvalue()
