/** 复姓: two-character surnames, kept whole so 欧阳娜娜 masks as 欧阳** rather than 欧**. */
const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '长孙', '宇文', '司徒', '夏侯', '轩辕', '端木', '西门', '南宫', '独孤', '申屠',
]);

/**
 * The name an enterprise sees: the surname and two stars, whatever the name's length
 * (张三 and 张三丰 both become 张**), so the mask leaks neither the given name nor its length.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '**';
  const two = chars.slice(0, 2).join('');
  const surname = chars.length > 2 && COMPOUND_SURNAMES.has(two) ? two : (chars[0] ?? '');
  return `${surname}**`;
}
