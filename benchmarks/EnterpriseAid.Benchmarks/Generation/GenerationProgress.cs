using System.Diagnostics;
using System.Globalization;

namespace EnterpriseAid.Benchmarks.Generation;

/// <summary>
/// One line per generation phase: name, rows done / total, rows per second, elapsed. On a terminal the line is
/// rewritten in place (carriage return) a few times a second; when the output is a file or a CI log, a plain line
/// is written every <see cref="PlainInterval"/> and once when the phase ends, so logs stay short.
/// </summary>
public sealed class GenerationProgress(TextWriter output, bool interactive)
{
    private readonly TextWriter _output = output;
    private readonly bool _interactive = interactive;

    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);

    /// <summary>Progress on the console: in place when stdout is a terminal.</summary>
    public static GenerationProgress ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    /// <summary>No output (tests).</summary>
    public static readonly GenerationProgress Silent = new(TextWriter.Null, false);

    public Phase Start(string name, long total) => new(this, name, total);

    public sealed class Phase
    {
        private readonly GenerationProgress _owner;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private TimeSpan _lastWrite;
        private long _done;

        internal Phase(GenerationProgress owner, string name, long total)
        {
            _owner = owner;
            Name = name;
            Total = total;
            if (owner._interactive) owner._output.Write(Line());
        }

        public string Name { get; }
        public long Total { get; }
        public long Done => _done;
        public TimeSpan Elapsed => _elapsed.Elapsed;

        /// <summary>One more row; cheap enough to call per row (the clock is read every 4,096 rows).</summary>
        public void Tick()
        {
            if ((++_done & 0xFFF) == 0) MaybeWrite();
        }

        public void Add(long rows)
        {
            _done += rows;
            MaybeWrite();
        }

        /// <summary>Ends the phase with the number of rows it really wrote; prints its final line.</summary>
        public TimeSpan Complete(long rows)
        {
            _done = rows;
            _elapsed.Stop();
            if (_owner._interactive) _owner._output.Write("\r" + Line() + "\n");
            else _owner._output.WriteLine(Line());
            _owner._output.Flush();
            return _elapsed.Elapsed;
        }

        private void MaybeWrite()
        {
            var now = _elapsed.Elapsed;
            var interval = _owner._interactive ? RedrawInterval : PlainInterval;
            if (now - _lastWrite < interval) return;
            _lastWrite = now;
            if (_owner._interactive) _owner._output.Write("\r" + Line());
            else _owner._output.WriteLine(Line());
            _owner._output.Flush();
        }

        internal string Line()
        {
            var seconds = _elapsed.Elapsed.TotalSeconds;
            var rate = seconds > 0.05 ? _done / seconds : 0;
            var total = Total > 0 ? Total : Math.Max(_done, 1);
            var share = Math.Clamp((double)_done / total, 0, 1);
            const int width = 20;
            var filled = (int)Math.Round(share * width);
            return string.Create(CultureInfo.InvariantCulture,
                $"  {Name,-26} [{new string('#', filled)}{new string('.', width - filled)}] {_done,11:N0} / {total,-11:N0} {rate,10:N0} rows/s {seconds,7:F1} s ");
        }
    }
}
