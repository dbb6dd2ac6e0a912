export interface LocalizedText {
  zh: string;
  en: string;
}
