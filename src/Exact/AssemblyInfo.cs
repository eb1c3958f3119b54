using System.Runtime.CompilerServices;

// The tests compare the vector and word-by-word paths of WordMasks with a plain implementation.
[assembly: InternalsVisibleTo("Tests")]
