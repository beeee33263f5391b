using System.Runtime.CompilerServices;
using ApprovalTests;
using ApprovalTests.Core;
using ApprovalTests.Reporters;
using ApprovalTests.Writers;

namespace HeavyRanker.Generators.Tests.Emit;

/// <summary>
/// The one place that calls the snapshot library (ApprovalTests). <see cref="Verify"/> compares
/// text with <c>&lt;name&gt;.approved.cs</c> beside the calling test file; on a difference it writes
/// <c>&lt;name&gt;.received.cs</c> there and fails. To accept a change, review the received file and
/// rename it over the approved one.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string name, string text, [CallerFilePath] string testFile = "")
    {
        var namer = new FixedNamer(Path.GetDirectoryName(testFile)!, name);
        Approvals.Verify(new ApprovalTextWriter(text, "cs"), namer, QuietReporter.INSTANCE);
    }

    private sealed class FixedNamer : IApprovalNamer
    {
        public FixedNamer(string sourcePath, string name)
        {
            SourcePath = sourcePath;
            Name = name;
        }

        public string SourcePath { get; }

        public string Name { get; }
    }
}
