// MSBuild task compiled by RoslynCodeTaskFactory from HeavyRanker.Training.targets.
//
// libLibTorchSharp.so in TorchSharp 0.107.0 requires the symbol version GLIBCXX_3.4.32
// (libstdc++ of GCC 13) for exactly one symbol, std::ios_base_library_init(). GCC 13 headers
// emit that reference only as a link-time marker, and the library never calls it. So on a
// system whose libstdc++ stops at an older version (Debian 12 stops at GLIBCXX_3.4.30), the
// copy in the build output loads once the version requirement is marked VER_FLG_WEAK and the
// undefined symbol STB_WEAK.
//
// The task edits only the files it is given, which the targets take from the output folder.
// It writes through a temporary file and a rename, so a hard link into the NuGet cache is
// never written through. It keeps the original timestamp, so the incremental copy of the next
// build finds an unchanged file and leaves the patched copy alone.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PatchLibTorchSharp : Task
{
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const string MarkerSymbol = "_ZSt21ios_base_library_initv";

    private const uint SectionDynamicSymbols = 11;
    private const uint SectionVersionDefinitions = 0x6ffffffd;
    private const uint SectionVersionNeeds = 0x6ffffffe;
    private const uint SectionVersionSymbols = 0x6fffffff;
    private const ushort VersionFlagWeak = 0x2;
    private const byte BindingWeak = 2;

    /// <summary>Copies of libLibTorchSharp.so in a build or publish output folder.</summary>
    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>libstdc++ to check; empty means search ldconfig's cache and the standard folders.</summary>
    public string SystemLibStdCxx { get; set; } = string.Empty;

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || Libraries.Length == 0)
        {
            return true;
        }

        string libStdCxx = string.IsNullOrEmpty(SystemLibStdCxx) ? FindLibStdCxx() : SystemLibStdCxx;
        if (libStdCxx == null || !File.Exists(libStdCxx))
        {
            Log.LogWarning("HeavyRanker.Training: libstdc++.so.6 was not found, so libLibTorchSharp.so was left unpatched; TorchSharp may fail to load. Install libstdc++6 or set HeavyRankerLibStdCxx to its path.");
            return true;
        }

        HashSet<string> systemVersions;
        try
        {
            systemVersions = new ElfFile(File.ReadAllBytes(libStdCxx)).DefinedVersions();
        }
        catch (Exception exception) when (exception is InvalidDataException || exception is IOException)
        {
            Log.LogWarning("HeavyRanker.Training: could not read the version definitions of {0}: {1}. libLibTorchSharp.so was left unpatched.", libStdCxx, exception.Message);
            return true;
        }

        if (systemVersions.Contains(MissingVersion))
        {
            Log.LogMessage(MessageImportance.Low, "HeavyRanker.Training: {0} defines {1}; libLibTorchSharp.so needs no patch.", libStdCxx, MissingVersion);
            return true;
        }

        foreach (ITaskItem item in Libraries)
        {
            string path = item.GetMetadata("FullPath");
            try
            {
                PatchFile(path, systemVersions);
            }
            catch (Exception exception) when (exception is InvalidDataException || exception is IOException || exception is UnauthorizedAccessException)
            {
                Log.LogWarning("HeavyRanker.Training: patching {0} failed: {1}. TorchSharp may fail to load with a DllNotFoundException naming {2}.", path, exception.Message, MissingVersion);
            }
        }

        return true;
    }

    private void PatchFile(string path, HashSet<string> systemVersions)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var elf = new ElfFile(bytes);
        List<ElfFile.VersionNeed> needs = elf.VersionNeeds();

        // Weakening is safe only for the one marker symbol; any other missing version would
        // leave a symbol that the library really calls unresolved.
        ElfFile.VersionNeed target = null;
        foreach (ElfFile.VersionNeed need in needs)
        {
            if (!need.Name.StartsWith("GLIBCXX_", StringComparison.Ordinal) || systemVersions.Contains(need.Name))
            {
                continue;
            }

            if (need.Name != MissingVersion)
            {
                Log.LogWarning("HeavyRanker.Training: {0} needs {1}, which the system libstdc++ lacks and which cannot be weakened safely. Install a newer libstdc++.", path, need.Name);
                return;
            }

            target = need;
        }

        if (target == null)
        {
            Log.LogMessage(MessageImportance.Low, "HeavyRanker.Training: {0} needs no libstdc++ version the system lacks.", path);
            return;
        }

        List<ElfFile.Symbol> symbols = elf.UndefinedSymbolsOfVersion(target.Index);
        foreach (ElfFile.Symbol symbol in symbols)
        {
            if (symbol.Name != MarkerSymbol)
            {
                Log.LogWarning("HeavyRanker.Training: {0} binds {1} to {2}; only {3} can be weakened safely, so the file was left unpatched.", path, symbol.Name, MissingVersion, MarkerSymbol);
                return;
            }
        }

        bool alreadyPatched = (target.Flags & VersionFlagWeak) != 0;
        foreach (ElfFile.Symbol symbol in symbols)
        {
            alreadyPatched &= symbol.Binding == BindingWeak;
        }

        if (alreadyPatched)
        {
            Log.LogMessage(MessageImportance.Low, "HeavyRanker.Training: {0} is already patched.", path);
            return;
        }

        elf.SetVersionNeedFlags(target, (ushort)(target.Flags | VersionFlagWeak));
        foreach (ElfFile.Symbol symbol in symbols)
        {
            elf.SetSymbolBinding(symbol, BindingWeak);
        }

        DateTime lastWrite = File.GetLastWriteTimeUtc(path);
        string temporary = path + ".hr-patch.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.SetLastWriteTimeUtc(temporary, lastWrite);
        // Delete and rename instead of writing in place: a hard link to the NuGet cache stays untouched.
        File.Delete(path);
        File.Move(temporary, path);
        Log.LogMessage(MessageImportance.Normal, "HeavyRanker.Training: marked {0} and {1} weak in {2}, because the system libstdc++ lacks that version.", MissingVersion, MarkerSymbol, path);
    }

    private static string FindLibStdCxx()
    {
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("ldconfig", "-p")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            using (var process = System.Diagnostics.Process.Start(start))
            {
                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                foreach (string line in output.Split('\n'))
                {
                    // Lines read "libstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6".
                    if (line.TrimStart().StartsWith("libstdc++.so.6 ", StringComparison.Ordinal) && line.Contains("x86-64"))
                    {
                        int arrow = line.IndexOf("=>", StringComparison.Ordinal);
                        if (arrow >= 0)
                        {
                            return line.Substring(arrow + 2).Trim();
                        }
                    }
                }
            }
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception || exception is InvalidOperationException)
        {
            // ldconfig is missing from PATH; fall back to the standard folders.
        }

        string[] candidates =
        {
            "/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6",
            "/lib64/libstdc++.so.6",
            "/usr/lib/libstdc++.so.6",
        };
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The parts of a little-endian ELF64 shared library that symbol versioning uses.</summary>
    private sealed class ElfFile
    {
        private readonly byte[] _bytes;
        private readonly List<Section> _sections = new List<Section>();

        public ElfFile(byte[] bytes)
        {
            _bytes = bytes;
            if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            {
                throw new InvalidDataException("not an ELF file");
            }

            if (bytes[4] != 2 || bytes[5] != 1)
            {
                throw new InvalidDataException("not a little-endian ELF64 file");
            }

            ulong sectionOffset = U64(0x28);
            ushort sectionSize = U16(0x3A);
            ushort sectionCount = U16(0x3C);
            if (sectionSize < 64 || sectionOffset + (ulong)sectionSize * sectionCount > (ulong)bytes.Length)
            {
                throw new InvalidDataException("section header table out of range");
            }

            for (int index = 0; index < sectionCount; index++)
            {
                int header = checked((int)sectionOffset + index * sectionSize);
                var section = new Section
                {
                    Type = U32(header + 4),
                    Offset = checked((int)U64(header + 24)),
                    Size = checked((int)U64(header + 32)),
                    Link = U32(header + 40),
                    Info = U32(header + 44),
                    EntrySize = checked((int)U64(header + 56)),
                };
                if (section.Type != 8 && (long)section.Offset + section.Size > bytes.Length)
                {
                    throw new InvalidDataException("section " + index + " out of range");
                }

                _sections.Add(section);
            }
        }

        public sealed class VersionNeed
        {
            public string Name;
            public ushort Flags;
            public ushort Index;
            public int AuxOffset;
        }

        public sealed class Symbol
        {
            public string Name;
            public byte Binding;
            public int Offset;
        }

        public HashSet<string> DefinedVersions()
        {
            var versions = new HashSet<string>(StringComparer.Ordinal);
            Section definitions = Find(SectionVersionDefinitions);
            if (definitions == null)
            {
                return versions;
            }

            Section strings = _sections[(int)definitions.Link];
            int entry = definitions.Offset;
            for (uint count = 0; count < definitions.Info; count++)
            {
                // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32.
                int aux = entry + (int)U32(entry + 12);
                versions.Add(ReadString(strings, U32(aux)));
                uint next = U32(entry + 16);
                if (next == 0)
                {
                    break;
                }

                entry += (int)next;
            }

            return versions;
        }

        public List<VersionNeed> VersionNeeds()
        {
            var needs = new List<VersionNeed>();
            Section section = Find(SectionVersionNeeds) ?? throw new InvalidDataException("no .gnu.version_r section");
            Section strings = _sections[(int)section.Link];
            int entry = section.Offset;
            for (uint count = 0; count < section.Info; count++)
            {
                // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
                ushort auxCount = U16(entry + 2);
                int aux = entry + (int)U32(entry + 8);
                for (int index = 0; index < auxCount; index++)
                {
                    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                    needs.Add(new VersionNeed
                    {
                        Flags = U16(aux + 4),
                        Index = U16(aux + 6),
                        Name = ReadString(strings, U32(aux + 8)),
                        AuxOffset = aux,
                    });
                    aux += (int)U32(aux + 12);
                }

                uint next = U32(entry + 12);
                if (next == 0)
                {
                    break;
                }

                entry += (int)next;
            }

            return needs;
        }

        public List<Symbol> UndefinedSymbolsOfVersion(ushort versionIndex)
        {
            var symbols = new List<Symbol>();
            Section dynamicSymbols = Find(SectionDynamicSymbols) ?? throw new InvalidDataException("no .dynsym section");
            Section versionSymbols = Find(SectionVersionSymbols) ?? throw new InvalidDataException("no .gnu.version section");
            Section strings = _sections[(int)dynamicSymbols.Link];
            int count = dynamicSymbols.Size / 24;
            for (int index = 0; index < count; index++)
            {
                // Elf64_Sym: st_name u32, st_info u8, st_other u8, st_shndx u16, st_value u64, st_size u64.
                int offset = dynamicSymbols.Offset + index * 24;
                ushort version = (ushort)(U16(versionSymbols.Offset + index * 2) & 0x7fff);
                if (version != versionIndex || U16(offset + 6) != 0)
                {
                    continue;
                }

                symbols.Add(new Symbol
                {
                    Name = ReadString(strings, U32(offset)),
                    Binding = (byte)(_bytes[offset + 4] >> 4),
                    Offset = offset,
                });
            }

            return symbols;
        }

        public void SetVersionNeedFlags(VersionNeed need, ushort flags)
        {
            _bytes[need.AuxOffset + 4] = (byte)flags;
            _bytes[need.AuxOffset + 5] = (byte)(flags >> 8);
        }

        public void SetSymbolBinding(Symbol symbol, byte binding)
        {
            _bytes[symbol.Offset + 4] = (byte)((binding << 4) | (_bytes[symbol.Offset + 4] & 0x0f));
        }

        private Section Find(uint type)
        {
            foreach (Section section in _sections)
            {
                if (section.Type == type)
                {
                    return section;
                }
            }

            return null;
        }

        private string ReadString(Section strings, uint offset)
        {
            int start = checked(strings.Offset + (int)offset);
            int end = start;
            while (end < _bytes.Length && _bytes[end] != 0)
            {
                end++;
            }

            return Encoding.ASCII.GetString(_bytes, start, end - start);
        }

        private ushort U16(int offset) => BitConverter.ToUInt16(_bytes, offset);

        private uint U32(int offset) => BitConverter.ToUInt32(_bytes, offset);

        private ulong U64(int offset) => BitConverter.ToUInt64(_bytes, offset);

        private sealed class Section
        {
            public uint Type;
            public int Offset;
            public int Size;
            public uint Link;
            public uint Info;
            public int EntrySize;
        }
    }
}
