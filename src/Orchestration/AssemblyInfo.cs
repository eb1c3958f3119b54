using System.Runtime.CompilerServices;

// The corpus tests replace the per-record check and build steps to test the failure handling around them.
[assembly: InternalsVisibleTo("Tests")]
