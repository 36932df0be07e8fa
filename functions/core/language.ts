/** True for a well-formed BCP 47 language tag ("ko", "en-GB", "zh-Hant-TW"). */
export function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1
  } catch {
    return false
  }
}
