using EdgeMano.Cli;

// edgemano: the operator CLI of the EdgeMano control plane. Every failure ends in a message that
// says what failed and an exit code (0 ok, 1 failure, 2 bad input, 3 a watched rollout did not
// succeed), never a stack trace.
return await CliApp.RunAsync(args, CliHost.FromConsole()).ConfigureAwait(false);
