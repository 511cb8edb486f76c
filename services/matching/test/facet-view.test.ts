import t from 'tap';
import { ReferenceData } from '@chanjiao/search';
import { facetView } from '../src/views/facet-view.js';

t.test('certificate and skill buckets in the words people use', async (t) => {
  const view = facetView(
    {
      certificates: [
        { value: '电工职业技能等级证书', count: 5 },
        { value: '电工职业技能等级证书#1', count: 5 },
        { value: '电工职业技能等级证书#2', count: 3 },
        { value: '低压电工作业证', count: 4 },
      ],
      skills: [
        { value: 'plc编程', count: 7 },
        { value: '电气cad', count: 2 },
        { value: '自创技能', count: 1 },
      ],
    },
    new ReferenceData(),
  );
  t.strictSame(view.certificates!.map((b) => b.label), ['电工职业技能等级证书', '电工职业技能等级证书（初级及以上）', '电工职业技能等级证书（中级及以上）', '低压电工作业证']);
  t.strictSame(view.skills!.map((b) => b.label), ['PLC编程', '电气CAD', '自创技能']);
});
