/**
 * Skill and certificate names typed in full-width Latin (`ＰＬＣ编程`, `１＋Ｘ…`), as a Chinese
 * input method writes them, are stored half-width at ingestion, so what HR is shown — the
 * profile, the matched skills of a search and of a post's ranking — reads `PLC编程` like the rest.
 */
import t from 'tap';
import { POST, startLightHost, student } from '../security/light-host.js';

type Hit = { student: { id: string }; explanation: { matchedSkills: string[]; matchedCertificates: string[] } };

t.test("HR sees a full-width skill and certificate half-width: the profile, a search's and a post's matched skills", async (t) => {
  const host = await startLightHost();
  t.teardown(() => host.close());
  const post = { ...POST, id: 'POST-FW', title: '电气技术员', requiredSkills: ['ＰＬＣ编程'], preferredCertificates: [{ name: '１＋Ｘ工业机器人应用编程' }] };
  t.same((await host.load('post', [post])).created, 1);
  const fw = student('STU-FW', {
    skills: [{ name: 'ＰＬＣ编程', level: 'advanced' }],
    certificates: [{ name: '１＋Ｘ工业机器人应用编程', level: 'intermediate' }],
    selfIntroduction: '擅长电气控制。',
  });
  t.same((await host.load('student', [fw])).created, 1);

  const profile = (await host.call('hr', 'GET', '/v1/candidates/STU-FW')).json();
  t.strictSame([profile.skills, profile.certificates], [[{ name: 'PLC编程', level: 'advanced' }], [{ name: '1+X工业机器人应用编程', level: 'intermediate' }]]);

  const search = await host.call('hr', 'POST', '/v1/candidates/search', { query: 'PLC编程', limit: 10 });
  t.equal(search.statusCode, 200);
  const found = (search.json().hits as Hit[]).find((h) => h.student.id === 'STU-FW');
  t.strictSame(found?.explanation.matchedSkills, ['PLC编程'], 'the search names the skill as stored');

  const ranked = await host.call('hr', 'GET', '/v1/posts/POST-FW/candidates?limit=10');
  t.equal(ranked.statusCode, 200);
  const forPost = (ranked.json().hits as Hit[]).find((h) => h.student.id === 'STU-FW');
  t.strictSame(
    [forPost?.explanation.matchedSkills, forPost?.explanation.matchedCertificates],
    [['PLC编程'], ['1+X工业机器人应用编程']],
    "the post's ranking names its skill and certificate as stored",
  );
});
