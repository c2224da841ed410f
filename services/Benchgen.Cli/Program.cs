using Benchgen.Cli;

return await BenchgenCommandLine.RunAsync(args, Console.Out, Console.Error);
