namespace HeavyRanker.Runtime.Data;

/// <summary>A data file format that <see cref="RecordReader"/> reads.</summary>
public enum DataFormat
{
    /// <summary>Comma-separated values with a header row (<c>.csv</c>).</summary>
    Csv,

    /// <summary>Tab-separated values with a header row (<c>.tsv</c>, <c>.tab</c>).</summary>
    Tsv,

    /// <summary>One JSON object per line (<c>.jsonl</c>, <c>.ndjson</c>).</summary>
    JsonLines,

    /// <summary>Apache Parquet (<c>.parquet</c>).</summary>
    Parquet,
}

/// <summary>Chooses formats from file names and lists the part files of a folder.</summary>
public static class DataFormats
{
    /// <summary>Returns the format a file name's extension implies, or null when the extension is unknown.</summary>
    public static DataFormat? FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => DataFormat.Csv,
        ".tsv" or ".tab" => DataFormat.Tsv,
        ".jsonl" or ".ndjson" => DataFormat.JsonLines,
        ".parquet" => DataFormat.Parquet,
        _ => null,
    };

    /// <summary>
    /// Lists the data files of a path: the file itself, or for a folder (as Spark and warehouse
    /// exports write) its files in ordinal name order, skipping names that start with '_' or '.'
    /// such as <c>_SUCCESS</c>. Without <paramref name="format"/> only files with a known
    /// extension are listed; with it, every other file is. Sub-folders are not read.
    /// </summary>
    public static IReadOnlyList<string> ListFiles(string path, DataFormat? format = null)
    {
        if (File.Exists(path))
        {
            return [path];
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"Data file or folder '{path}' was not found.", path);
        }

        var files = Directory.EnumerateFiles(path)
            .Where(file => Path.GetFileName(file) is var name && !name.StartsWith('_') && !name.StartsWith('.'))
            .Where(file => format is not null || FromExtension(file) is not null)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            throw new DataFormatException(path, null, null, "the folder contains no .parquet, .csv, .tsv or .jsonl files. Point to a data file or to a folder of part files.");
        }

        return files;
    }
}
