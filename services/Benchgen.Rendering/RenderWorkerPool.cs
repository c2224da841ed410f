using System.Collections.Concurrent;
using Benchgen.Physics;
using Microsoft.Extensions.Options;

namespace Benchgen.Rendering;

/// <summary>
/// Dedicated rendering threads, each owning one OSMesa context for its lifetime: GL contexts are bound to a thread
/// and cost ~85 ms to create, so they are made once and reused; the thread count bounds rendering by cores.
/// </summary>
public sealed class RenderWorkerPool : IDisposable
{
    readonly BlockingCollection<IRenderJob> jobs = new();
    readonly List<Thread> threads = [];
    readonly RenderingOptions options;

    public RenderWorkerPool(IOptions<RenderingOptions> options)
    {
        this.options = options.Value;
        var count = this.options.Threads > 0 ? this.options.Threads : Math.Max(1, Environment.ProcessorCount);
        for (var i = 0; i < count; i++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"benchgen-render-{i}" };
            threads.Add(thread);
            thread.Start();
        }
    }

    public Task<T> RunAsync<T>(Func<OffscreenRenderer, T> work, CancellationToken cancellationToken)
    {
        var job = new RenderJob<T>(work);
        cancellationToken.Register(() => job.Completion.TrySetCanceled(cancellationToken));
        jobs.Add(job, cancellationToken);
        return job.Completion.Task;
    }

    void Work()
    {
        OffscreenRenderer? renderer = null;
        try
        {
            foreach (var job in jobs.GetConsumingEnumerable())
            {
                try
                {
                    renderer ??= new OffscreenRenderer(options.Width, options.Height);
                }
                catch (Exception ex)
                {
                    // No GL context (e.g. OSMesa missing): fail the job with the cause and try again for the next one.
                    job.Fail(ex);
                    continue;
                }

                job.Run(renderer);
            }
        }
        catch (ObjectDisposedException)
        {
            // The pool was disposed while this thread was still rendering (Dispose waits only so long): nothing is left
            // to take. A background thread must not throw: it would end the whole process.
        }
        finally
        {
            renderer?.Dispose();
        }
    }

    interface IRenderJob
    {
        void Run(OffscreenRenderer renderer);
        void Fail(Exception exception);
    }

    sealed class RenderJob<T>(Func<OffscreenRenderer, T> work) : IRenderJob
    {
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(OffscreenRenderer renderer)
        {
            if (Completion.Task.IsCompleted)
            {
                return;
            }

            try
            {
                Completion.TrySetResult(work(renderer));
            }
            catch (Exception ex)
            {
                Completion.TrySetException(ex);
            }
        }

        public void Fail(Exception exception) => Completion.TrySetException(exception);
    }

    public void Dispose()
    {
        jobs.CompleteAdding();
        var stopped = true;
        foreach (var thread in threads)
        {
            stopped &= thread.Join(TimeSpan.FromSeconds(5));
        }

        // A thread still rendering finishes its job and then sees the collection completed; disposing the collection
        // under it would make its next take throw, so leave that to the garbage collector.
        if (stopped)
        {
            jobs.Dispose();
        }
    }
}

public sealed class RenderingOptions
{
    public const string Section = "Rendering";
    public int Width { get; set; } = 640;
    public int Height { get; set; } = 480;
    /// <summary>Rendering threads (one GL context each); 0 means one per core.</summary>
    public int Threads { get; set; }
}
