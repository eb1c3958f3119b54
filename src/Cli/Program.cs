using System.CommandLine;
using Verifier.Cli;
using Verifier.Cli.Commands;

var root = new RootCommand("verifier — provably sparsest ReLU interpolation and the ℓ^p objective (Nakhleh & Nowak, NeurIPS 2025)");
root.Subcommands.Add(SparsestCommand.Build());
root.Subcommands.Add(LpCommand.Build());
root.Subcommands.Add(PStarCommand.Build());
root.Subcommands.Add(CheckCommand.Build());
root.Subcommands.Add(TrainCommand.Build());
root.Subcommands.Add(BenchCommand.Build());
root.Subcommands.Add(PlotCommand.Build());
root.Subcommands.Add(ProveCommand.Build());
root.Subcommands.Add(GenerateCommand.Build());
root.Subcommands.Add(ValidateCommand.Build());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"verifier: {error.Message}");
    Console.Error.WriteLine("Run 'verifier --help' for usage.");
    return ExitCodes.BadInput;
}
return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
