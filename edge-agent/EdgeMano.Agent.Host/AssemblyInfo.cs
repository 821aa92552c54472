// The agent runs on Linux edge nodes only (unix sockets, signals, /proc).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
