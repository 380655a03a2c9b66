using DotGym.Rendering;
namespace DotGym.Agents.Logging;

/// <summary>One mean line with a shaded band (e.g. a confidence interval over seeds) for <see cref="LearningCurvePlot.SaveBands"/>.</summary>
/// <param name="Label">The legend text.</param>
/// <param name="Steps">The x values (env steps).</param>
/// <param name="Mean">The line.</param>
/// <param name="Lower">The band's lower edge.</param>
/// <param name="Upper">The band's upper edge.</param>
public sealed record PlotBand(string Label, long[] Steps, double[] Mean, double[] Lower, double[] Upper);

/// <summary>
/// The run folder's plots as PNG files (ScottPlot), written atomically: training-episode returns against env steps
/// (<c>learning_curve.png</c>), bands over seeds, and named lines.
/// </summary>
public static class LearningCurvePlot
{
    /// <summary>Episode returns (raw points and the mean of the last <paramref name="window"/>) against env steps, with an optional threshold line.</summary>
    public static void Save(string path, string title, IReadOnlyList<(long Step, double Return)> episodes, double? threshold, int window = 20)
    {
        var plot = new ScottPlot.Plot();
        if (episodes.Count > 0)
        {
            double[] steps = episodes.Select(e => (double)e.Step).ToArray();
            double[] returns = episodes.Select(e => e.Return).ToArray();
            var raw = plot.Add.Scatter(steps, returns);
            raw.LegendText = "episode return";
            raw.LineWidth = 0;
            raw.MarkerSize = 2;
            raw.Color = ScottPlot.Colors.Gray.WithAlpha(0.5);
            var mean = new double[returns.Length];
            double sum = 0;
            for (int i = 0; i < returns.Length; i++)
            {
                sum += returns[i];
                if (i >= window) sum -= returns[i - window];
                mean[i] = sum / Math.Min(i + 1, window);
            }
            var smooth = plot.Add.Scatter(steps, mean);
            smooth.LegendText = $"mean of last {window}";
            smooth.MarkerSize = 0;
            smooth.LineWidth = 2;
        }
        Finish(plot, path, title, threshold);
    }

    /// <summary>One mean line with a shaded confidence band per algorithm.</summary>
    public static void SaveBands(string path, string title, IReadOnlyList<PlotBand> series, double? threshold)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < series.Count; i++)
        {
            var curve = series[i];
            string label = curve.Label;
            if (curve.Steps.Length == 0) continue;
            double[] xs = curve.Steps.Select(s => (double)s).ToArray();
            var color = palette.GetColor(i);
            var band = plot.Add.FillY(xs, curve.Lower, curve.Upper);
            band.FillColor = color.WithAlpha(0.25);
            band.LineWidth = 0;
            var line = plot.Add.Scatter(xs, curve.Mean);
            line.Color = color;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = label;
        }
        Finish(plot, path, title, threshold);
    }

    /// <summary>Several named lines over one x axis (e.g. reward, KL and gold per PPO update).</summary>
    public static void SaveLines(string path, string title, string xLabel, string yLabel, double[] xs, IReadOnlyList<(string Label, double[] Ys)> series)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (label, ys) in series)
        {
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = label;
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }
        Finish(plot, path, title, threshold: null, xLabel, yLabel);
    }

    /// <summary>Threshold line, labels and legend, then an atomic PNG write (temp file, then move).</summary>
    private static void Finish(ScottPlot.Plot plot, string path, string title, double? threshold, string xLabel = "environment steps", string yLabel = "return")
    {
        if (threshold is { } t)
        {
            var line = plot.Add.HorizontalLine(t);
            line.LegendText = $"reward threshold {t}";
            line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        var png = plot.GetImageBytes(900, 540, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(path, stream => stream.Write(png));
    }
}
