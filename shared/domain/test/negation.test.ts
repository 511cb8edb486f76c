/** Negated spans in free text are no evidence of a skill (issue 16: 图纸还看不太懂 is not 看图纸). */
import t from 'tap';
import { isNegated, negatedSpans, withoutNegated } from '@chanjiao/domain';

t.test('a clause-final cue negates its whole clause; another cue negates from itself on', async (t) => {
  t.equal(withoutNegated('会PLC，图纸还看不太懂').trim(), '会PLC，');
  t.equal(withoutNegated('会PLC不会焊接').trim(), '会PLC');
  t.equal(withoutNegated('没学过CAD').trim(), '');
  t.equal(withoutNegated('看不懂图纸').trim(), '看');
  t.equal(withoutNegated('PLC不熟，会焊接').trim(), '，会焊接');
});

t.test('idioms with 不 are not negation', async (t) => {
  t.strictSame(negatedSpans('不仅会PLC还会焊接，不怕吃苦'), []);
});

t.test('isNegated tells a span inside a negated clause', async (t) => {
  const text = '会看图纸，数控不会';
  t.notOk(isNegated(text, 1, 4), '看图纸 is asserted');
  t.ok(isNegated(text, 5, 7), '数控 is negated');
});
