// The attacks are heavy (MuJoCo, sandboxed Python, a broker); run them one at a time on the 2-core machine.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
