package org.dump.network.sim;

import java.util.List;
import java.util.Locale;

/**
 * Reach over time as a plain SVG: the mean share of the module's nodes that hold a record against the seconds since
 * it was written (logarithmic, 0.1 s to the end of the run), one curve per protocol.
 */
final class ReachPlot {

    private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd"};
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private ReachPlot() {
    }

    static String svg(String title, List<Result> results) {
        double maxSeconds = results.get(0).curve().length / (double) Reach.TICKS_PER_SECOND;
        double lo = Math.log10(0.1);
        double hi = Math.log10(maxSeconds);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT,
                escape(title)));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        for (int p = 0; p <= 100; p += 25) {
            double y = TOP + plotH * (1 - p / 100.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d %%</text>%n", LEFT, y, LEFT + plotW, y,
                    LEFT - 6, y + 4, p));
        }
        for (double s : new double[] {0.1, 1, 10, 100, 1000}) {
            if (s > maxSeconds) {
                break;
            }
            double x = LEFT + plotW * (Math.log10(s) - lo) / (hi - lo);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s s</text>%n", x, TOP, x, TOP + plotH, x,
                    TOP + plotH + 16, s < 1 ? "0.1" : String.valueOf((int) s)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds since the "
                + "record was written (log)</text>%n", LEFT + plotW / 2, HEIGHT - 10));
        for (int r = 0; r < results.size(); r++) {
            double[] curve = results.get(r).curve();
            StringBuilder points = new StringBuilder();
            for (int px = 0; px <= plotW; px += 2) {
                double seconds = Math.pow(10, lo + (hi - lo) * px / plotW);
                int tick = Math.min(curve.length - 1, (int) (seconds * Reach.TICKS_PER_SECOND));
                points.append(String.format(Locale.ROOT, "%d,%.1f ", LEFT + px, TOP + plotH * (1 - curve[tick])));
            }
            String colour = COLOURS[r % COLOURS.length];
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                    + "points=\"%s\"/>%n", colour, points.toString().trim()));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n", LEFT + 10,
                    TOP + 16 + 16 * r, colour, escape(results.get(r).protocol())));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#444\"/>%n</svg>%n", LEFT, TOP, plotW, plotH));
        return svg.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;");
    }
}
