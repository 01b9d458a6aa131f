"""The peer of examples/render_bench.rs: the same 1,000,000-event map and timeline drawn with
geopandas + matplotlib, timed the same way (median of N runs, data already in memory, ending with
the PNG written to memory).

    python bench/render_peer.py POINTS.csv COUNTRIES.geojson OUT_DIR [--runs N]

Map: Natural Earth countries (the layer conflictmap embeds) and a log-scale hexbin density of the
points, both in Web Mercator (to_crs(3857) is part of the timed work, as projecting is part of
conflictmap's), viridis colour bar, title, 1600x1200 px.
Timeline: events per month stacked by event type, fatalities on a second axis, 1600x700 px.
Prints `figure NAME SECONDS` lines for bench/render.sh.
"""

import io
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")
import geopandas as gpd  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

TYPES = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Protests",
    "Riots",
    "Strategic developments",
]
# Okabe-Ito, as conflictmap's palette.
COLORS = ["#D55E00", "#E69F00", "#CC79A7", "#0072B2", "#009E73", "#56B4E9"]
DPI = 100


def timed(runs, f):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times), out


def draw_map(points, countries):
    pts = points.to_crs(3857)
    land = countries.to_crs(3857)
    fig, ax = plt.subplots(figsize=(1600 / DPI, 1200 / DPI), dpi=DPI)
    xmin, ymin, xmax, ymax = pts.total_bounds
    pad_x, pad_y = (xmax - xmin) * 0.05, (ymax - ymin) * 0.05
    ax.set_facecolor("#D4E4EE")
    land.plot(ax=ax, color="#F5F2EC", edgecolor="#85807A", linewidth=0.8)
    hb = ax.hexbin(pts.geometry.x, pts.geometry.y, gridsize=260, bins="log", cmap="viridis", mincnt=1, alpha=0.9)
    ax.set_xlim(xmin - pad_x, xmax + pad_x)
    ax.set_ylim(ymin - pad_y, ymax + pad_y)
    ax.set_axis_off()
    fig.colorbar(hb, ax=ax, shrink=0.4, label="Events per cell")
    ax.set_title(f"Conflict events · {len(points):,} events", loc="left", fontsize=20, fontweight="bold")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue()


def draw_timeline(df):
    month = df["event_date"].dt.to_period("M")
    counts = df.groupby([month, "event_type"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[t for t in TYPES if t in counts.columns])
    fatalities = df.groupby(month)["fatalities"].sum()
    fig, ax = plt.subplots(figsize=(1600 / DPI, 700 / DPI), dpi=DPI)
    counts.plot.bar(stacked=True, ax=ax, color=COLORS[: len(counts.columns)], width=0.86)
    ax2 = ax.twinx()
    ax2.plot(range(len(fatalities)), fatalities.values, color="#202020", marker="o", markersize=3)
    ax.set_ylabel("Events")
    ax2.set_ylabel("Fatalities")
    step = max(1, len(counts) // 12)
    ax.set_xticks(range(0, len(counts), step))
    ax.set_xticklabels([str(p) for p in counts.index[::step]], rotation=0)
    ax.set_title("Events over time", loc="left", fontsize=18, fontweight="bold")
    ax.legend(loc="upper left", ncol=3, fontsize=9)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue()


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = 3
    if "--runs" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--runs") + 1])
    points_csv, countries_path, out_dir = args[:3]

    t = time.perf_counter()
    df = pd.read_csv(points_csv, parse_dates=["event_date"])
    points = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.longitude, df.latitude), crs="EPSG:4326")
    countries = gpd.read_file(countries_path, engine="pyogrio")
    print(f"loaded {len(points):,} points and {len(countries)} countries in {time.perf_counter() - t:.2f} s")

    median, best, png = timed(runs, lambda: draw_map(points, countries))
    with open(f"{out_dir}/peer_map_density_1m.png", "wb") as f:
        f.write(png)
    print(f"geopandas+matplotlib 1,000,000-event map 1600x1200: median {median * 1e3:.0f} ms, best {best * 1e3:.0f} ms ({runs} runs)")
    print(f"figure peer_map_1m_s {median:.4f}")

    median, best, png = timed(runs, lambda: draw_timeline(df))
    with open(f"{out_dir}/peer_timeline_1m.png", "wb") as f:
        f.write(png)
    print(f"pandas+matplotlib 1,000,000-event timeline 1600x700: median {median * 1e3:.0f} ms, best {best * 1e3:.0f} ms ({runs} runs)")
    print(f"figure peer_timeline_1m_s {median:.4f}")


if __name__ == "__main__":
    main()
