"""Plots a soak run: DIR/samples.csv -> DIR/soak.svg (standard library only: the SVG is written by hand).

Usage: benchmarks/soak/plot.py DIR

One panel per metric, two panels a row: RSS, heap used, old generation, threads, open files, CPU, peers, writes
acknowledged per minute, write latency (median of each 15 s); below them one smaller panel per queue of dump:queues
that was not empty at some point, three a row. x: minutes since the writers started (the samples before 0 are the
idle nodes); y: from 0. One line per node, the same colour in every panel (legend at the top). Dashed lines: the end
of the warm-up and the moment the writers stopped (after it, the nodes finish syncing while the convergence check
reads their listings).
"""
import json, math, os, sys
from xml.sax.saxutils import escape

from soak import read_samples  # soak.py beside this file

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf"]
PANELS = [("rss_mib", "RSS (MiB)"), ("heap_used_mib", "heap used (MiB)"),
          ("old_gen_mib", "old generation used (MiB)"), ("threads", "threads"), ("open_files", "open files"),
          ("cpu_pct", "CPU (% of one core)"), ("peers", "peers"), ("writes_per_min", "writes acknowledged per minute"),
          ("write_ms_p50", "write latency, median per 15 s (ms)")]
COUNTS = {"threads", "open_files", "peers"}
WIDTH, PANEL_W, PANEL_H, COLUMNS = 980, 490, 210, 2
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 26, 30  # margins of the plot area inside a panel
HEADER = 70
QUEUE_COLUMNS, QUEUE_W, QUEUE_H, QUEUE_HEADER = 3, WIDTH // 3, 170, 34  # the queues: smaller panels, three a row


def read(path):
    """{metric: {node: [(t minutes, value)]}}"""
    return {metric: {node: [(t / 60, v) for t, v in points] for node, points in nodes.items()}
            for metric, nodes in read_samples(path).items()}


def per_minute(points):
    """Cumulative counts -> rate per minute between consecutive samples, plotted at the later one."""
    return [(t, (v - pv) / (t - pt)) for (pt, pv), (t, v) in zip(points, points[1:]) if t - pt > 1 / 60]


def step_for(span, ticks=5):
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * magnitude >= raw - 1e-12:
            return m * magnitude
    return 10 * magnitude


def label(value, step):
    text = f"{step:.6g}"
    decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    return f"{value:.{decimals}f}"


def panel(x0, y0, size, title, lines, colours, t_range, marks, integer=False):
    """SVG of one panel of size (width, height) at (x0, y0): lines {node: [(t, v)]}, marks [(t, label)] (dashed
    vertical lines)."""
    w, h = size[0] - LEFT - RIGHT, size[1] - TOP - BOTTOM
    px, py = x0 + LEFT, y0 + TOP
    t_min, t_max = t_range
    top = max((v for points in lines.values() for _, v in points), default=0) * 1.04  # a line at the top shows
    y_step = step_for(top if top > 0 else 1)
    if integer:
        y_step = max(1, y_step)
    y_max = max(y_step, math.ceil(top / y_step - 1e-9) * y_step)
    x_step = step_for(t_max - t_min, 8 if w > 300 else 5)

    def sx(t):
        return px + (t - t_min) / (t_max - t_min) * w

    def sy(v):
        return py + h - v / y_max * h

    out = [f'<text x="{px}" y="{y0 + 17}" class="title">{escape(title)}</text>',
           f'<rect x="{px}" y="{py}" width="{w}" height="{h}" class="area"/>']
    v = 0.0
    while v <= y_max + 1e-9:
        out.append(f'<line x1="{px}" y1="{sy(v):.1f}" x2="{px + w}" y2="{sy(v):.1f}" class="grid"/>')
        out.append(f'<text x="{px - 5}" y="{sy(v) + 4:.1f}" class="ytick">{label(v, y_step)}</text>')
        v += y_step
    t = math.ceil(t_min / x_step) * x_step
    while t <= t_max + 1e-9:
        out.append(f'<line x1="{sx(t):.1f}" y1="{py + h}" x2="{sx(t):.1f}" y2="{py + h + 4}" class="axis"/>')
        out.append(f'<text x="{sx(t):.1f}" y="{py + h + 15}" class="xtick">{label(t, x_step)}</text>')
        t += x_step
    out.append(f'<text x="{px + w}" y="{py + h + 27}" class="unit">min</text>')
    for t, _ in marks:
        if t_min <= t <= t_max:
            out.append(f'<line x1="{sx(t):.1f}" y1="{py}" x2="{sx(t):.1f}" y2="{py + h}" class="mark"/>')
    for node, points in lines.items():
        if not points:
            continue
        coordinates = " ".join(f"{sx(t):.1f},{sy(v):.1f}" for t, v in points)
        out.append(f'<polyline points="{coordinates}" fill="none" stroke="{colours[node]}" stroke-width="1.4"/>')
        if len(points) == 1:
            out.append(f'<circle cx="{sx(points[0][0]):.1f}" cy="{sy(points[0][1]):.1f}" r="2" '
                       f'fill="{colours[node]}"/>')
    out.append(f'<rect x="{px}" y="{py}" width="{w}" height="{h}" class="frame"/>')
    return out


def plot(directory):
    series = read(os.path.join(directory, "samples.csv"))
    config_path = os.path.join(directory, "config.json")
    config = json.load(open(config_path)) if os.path.exists(config_path) else {}
    nodes = [n["name"] for n in config.get("nodes", [])] or sorted({n for s in series.values() for n in s})
    colours = {n: COLOURS[i % len(COLOURS)] for i, n in enumerate(nodes)}
    if "acked_writes" in series:
        series["writes_per_min"] = {n: per_minute(p) for n, p in series["acked_writes"].items()}
    panels = [(m, title) for m, title in PANELS if m in series]
    sampler_path = os.path.join(directory, "sampler.json")
    limits = json.load(open(sampler_path)).get("queue_limits", {}) if os.path.exists(sampler_path) else {}
    queues = [(m, m[6:] + (f" (limit {limits[m[6:]]})" if limits.get(m[6:], "-") not in ("-", "") else ""))
              for m in sorted(m for m in series if m.startswith("queue:"))
              if any(v > 0 for points in series[m].values() for _, v in points)]
    times = [t for s in series.values() for points in s.values() for t, _ in points]
    t_range = (min(times, default=0), max(times, default=1))
    if t_range[1] - t_range[0] < 1e-6:
        t_range = (t_range[0], t_range[0] + 1)
    marks = []
    if "warmup" in config:
        marks.append((config["warmup"] / 60, "warm-up ends"))
    if "seconds" in config:
        marks.append((config["seconds"] / 60, "writers stop"))
    rows = math.ceil(len(panels) / COLUMNS)
    queue_rows = math.ceil(len(queues) / QUEUE_COLUMNS)
    queues_at = HEADER + rows * PANEL_H
    height = queues_at + (QUEUE_HEADER + queue_rows * QUEUE_H if queues else 0) + 10
    heading = (f"Soak: {len(nodes)} nodes, {config['seconds'] / 60:g} min, {config['rate']:g} write/s per node"
               if "seconds" in config else "Soak")
    note = ("x: minutes since the writers started; dashed: end of warm-up ("
            + (f"{config['warmup'] / 60:g} min" if "warmup" in config else "?") + "), writers stop ("
            + (f"{config['seconds'] / 60:g} min" if "seconds" in config else "?") + "); "
            "queues: only those not empty at some point")
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Arial, sans-serif">',
           "<style>.title{font-size:13px;font-weight:bold;fill:#222}.ytick{font-size:10px;text-anchor:end;fill:#444}"
           ".xtick{font-size:10px;text-anchor:middle;fill:#444}.unit{font-size:10px;text-anchor:end;fill:#666}"
           ".area{fill:#fff}.frame{fill:none;stroke:#888;stroke-width:1}.grid{stroke:#e4e4e4;stroke-width:1}"
           ".axis{stroke:#888}.mark{stroke:#999;stroke-width:1;stroke-dasharray:4,3}"
           ".head{font-size:16px;font-weight:bold;fill:#111}.note{font-size:11px;fill:#555}"
           ".legend{font-size:12px;fill:#222}</style>",
           f'<rect width="{WIDTH}" height="{height}" fill="#fafafa"/>',
           f'<text x="{LEFT}" y="22" class="head">{escape(heading)}</text>',
           f'<text x="{LEFT}" y="40" class="note">{escape(note)}</text>']
    x = LEFT
    for node in nodes:
        svg.append(f'<line x1="{x}" y1="56" x2="{x + 22}" y2="56" stroke="{colours[node]}" stroke-width="3"/>')
        svg.append(f'<text x="{x + 27}" y="60" class="legend">{escape(node)}</text>')
        x += 40 + 8 * len(node)
    for i, (metric, title) in enumerate(panels):
        x0 = (i % COLUMNS) * PANEL_W
        y0 = HEADER + (i // COLUMNS) * PANEL_H
        lines = {n: series[metric].get(n, []) for n in nodes}
        svg += panel(x0, y0, (PANEL_W, PANEL_H), title, lines, colours, t_range, marks, integer=metric in COUNTS)
    if queues:
        svg.append(f'<text x="{LEFT}" y="{queues_at + 24}" class="head">Queues (dump:queues: entries waiting)</text>')
    for i, (metric, title) in enumerate(queues):
        x0 = (i % QUEUE_COLUMNS) * QUEUE_W
        y0 = queues_at + QUEUE_HEADER + (i // QUEUE_COLUMNS) * QUEUE_H
        lines = {n: series[metric].get(n, []) for n in nodes}
        svg += panel(x0, y0, (QUEUE_W, QUEUE_H), title, lines, colours, t_range, marks, integer=True)
    svg.append("</svg>")
    path = os.path.join(directory, "soak.svg")
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(plot(sys.argv[1]))
