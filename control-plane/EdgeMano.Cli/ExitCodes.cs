namespace EdgeMano.Cli;

/// <summary>Exit codes of every verb (0-2 with the same meaning as the agent's).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Something failed: the plane is unreachable, a thing was not found, the plane failed.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage, or input the plane refused (400): nothing was changed.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// `rollout status --watch`: the plane answered fine, but the rollout did not succeed: it ended
    /// RolledBack or Failed, or had not ended when --timeout passed. Apart from 1 so that a script
    /// can tell "the new revision was refused" from "the plane could not be asked".
    /// </summary>
    public const int RolloutNotSucceeded = 3;
}

/// <summary>
/// An outcome the operator must read: the message (one or more lines, already worded for people)
/// goes to standard error and the invocation ends with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException BadInput(string message) => new(ExitCodes.BadInput, message);

    public static CliException Failure(string message) => new(ExitCodes.Failure, message);
}
