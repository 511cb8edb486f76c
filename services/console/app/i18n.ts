import { reactive } from 'vue';

/**
 * The English switch for the menu and the page chrome (issue 19 item 7). Chinese is the default
 * and the source: `t('为我推荐')` is the Chinese text itself unless English is chosen and the
 * dictionary has the words. Data, the API's error messages and the reports stay as the API gives
 * them. The choice is remembered on this browser (only when it is English).
 */
export type Lang = 'zh-CN' | 'en';

const STORE = 'cj.lang';

function initial(): Lang {
  try {
    return localStorage.getItem(STORE) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export const i18n = reactive<{ lang: Lang }>({ lang: initial() });

const EN: Readonly<Record<string, string>> = {
  产教匹配: 'Chanjiao Match',
  跳到主要内容: 'Skip to main content',
  主菜单: 'Main menu',
  退出登录: 'Sign out',
  人才搜索: 'Candidate search',
  我的岗位: 'My posts',
  候选名单: 'Shortlist',
  邀请记录: 'Invitations sent',
  为我推荐: 'Recommended for me',
  岗位搜索: 'Post search',
  岗位详情: 'Post details',
  我的邀请: 'My invitations',
  批量匹配: 'Term batch matching',
  学期批量匹配: 'Term batch matching',
  数据看板: 'Dashboard',
  数据导入: 'Data upload',
  技能缺口: 'Skill gaps',
  密钥管理: 'Access keys',
  候选人档案: 'Candidate profile',
  登录: 'Sign in',
  页面不存在: 'Page not found',
  返回首页: 'Back to the start page',
  '产教匹配 · 登录': 'Chanjiao Match · Sign in',
  '请输入管理员发给您的访问密钥。密钥只用于换取本次登录，不会保存在浏览器中。':
    'Enter the access key your administrator gave you. It is exchanged for this session only and never stored in the browser.',
  访问密钥: 'Access key',
  企业招聘: 'Enterprise HR',
  学生: 'Student',
  联席会议办公室: 'Joint meeting office',
  '学校 / 园区数据管理员': 'School / park data clerk',
  系统管理员: 'Administrator',
  语言: 'Language',
};

export function t(zh: string): string {
  return i18n.lang === 'en' ? (EN[zh] ?? zh) : zh;
}

export function setLang(lang: Lang): void {
  i18n.lang = lang;
  document.documentElement.lang = lang;
  try {
    if (lang === 'en') localStorage.setItem(STORE, 'en');
    else localStorage.removeItem(STORE);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
}
