import { splitChineseName } from '@chanjiao/platform';

/**
 * The name an enterprise sees: the surname and two stars, whatever the name's length
 * (张三 and 张三丰 both become 张**; 复姓 are kept whole: 欧阳娜娜 → 欧阳**), so the mask leaks
 * neither the given name nor its length.
 */
export function maskName(name: string): string {
  const { surname } = splitChineseName(name.trim());
  return `${surname}**`;
}
