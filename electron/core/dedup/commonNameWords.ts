/**
 * Words shared by so many customers that they say little about who someone is: Balinese birth-order
 * names and prefixes, Arabic-origin and Sanskrit-number first words, regional particles and nobility
 * markers. Normalised forms (after normalizeName). Blocking never uses one alone; similarity gives them
 * less weight. A starting list from the domain notes: tune it from real customer counts.
 */
export const COMMON_NAME_WORDS: ReadonlySet<string> = new Set(
  [
    // Bali: birth order, then gender and caste prefixes
    'wayan putu gede gde made kadek nengah nyoman komang ketut',
    'i ni luh ida bagus ayu gusti anak agung ngurah dewa desak',
    // Arabic origin
    'muhammad ahmad abdul siti nur bin binti',
    // Sanskrit numbers and honorific first words (Java)
    'sri eka dwi tri raden rr',
    // Batak, Bugis/Makassar, Buton, Aceh
    'br boru andi daeng la wa teuku cut',
  ].flatMap((line) => line.split(' ')),
);
