import type { Locale } from '../contracts/common.ts';

/** Server-side messages: errors and import reports reach users in their language. */
const messages = {
  'zh-CN': {
    validation_failed: '请求内容不正确',
    not_found: '未找到该资源',
    route_not_found: '接口不存在',
    unauthenticated: '请先登录',
    forbidden: '无权访问该范围的数据',
    bad_credentials: '用户名或密码错误',
    too_many_requests: '尝试次数过多，请 {{after}} 后再试',
    conflict: '数据冲突',
    username_taken: '用户名“{{username}}”已存在',
    internal: '服务器内部错误，请稍后重试',
    bad_request_body: '请求格式不正确',
    too_large: '上传的内容过大（上限 50 MB）',
    unsupported_media_type: '不支持的请求类型',
    file_required: '请上传文件',
    file_type: '只支持 .xlsx 或 .csv 文件',
    file_unreadable: '文件无法读取：{{reason}}',
    file_empty: '文件中没有数据行',
    import_has_errors: '文件中有 {{count}} 处错误，未导入任何数据',
    missing_columns: '缺少必需的列：{{columns}}',
    // import row reasons
    required: '必填',
    id_format: '身份证号应为 18 位（末位可为 X）',
    id_checksum: '身份证号校验位错误',
    id_region: '身份证号前 6 位不是有效的行政区划代码',
    id_birth: '身份证号中的出生日期无效',
    birth_format: '出生日期格式应为 YYYY-MM-DD',
    birth_mismatch: '出生日期与身份证号不一致（身份证号为 {{expected}}）',
    birth_future: '出生日期不能晚于今天',
    gender_value: '性别应为“男”或“女”',
    gender_mismatch: '性别与身份证号不一致（身份证号为{{expected}}）',
    phone_format: '手机号应为 11 位，以 1 开头',
    duplicate_in_file: '与第 {{row}} 行重复',
    unknown_town: '镇街“{{value}}”不存在',
    unknown_community: '村（社区）“{{value}}”不在{{parent}}',
    unknown_grid: '网格“{{value}}”不在{{parent}}',
    special_group_value: '特殊人群“{{value}}”无法识别，可选：{{allowed}}',
    duplicate_region: '该区域已在第 {{row}} 行出现',
    code_taken: '编码“{{value}}”已被“{{name}}”使用',
    male: '男',
    female: '女',
  },
  en: {
    validation_failed: 'The request is not valid',
    not_found: 'Not found',
    route_not_found: 'No such endpoint',
    unauthenticated: 'Please log in',
    forbidden: 'You may not see data outside your area',
    bad_credentials: 'Wrong username or password',
    too_many_requests: 'Too many attempts; try again in {{after}}',
    conflict: 'Conflicting data',
    username_taken: 'Username "{{username}}" is taken',
    internal: 'Internal server error; please try again later',
    bad_request_body: 'The request is malformed',
    too_large: 'The upload is too large (50 MB at most)',
    unsupported_media_type: 'Unsupported content type',
    file_required: 'Please upload a file',
    file_type: 'Only .xlsx and .csv files are accepted',
    file_unreadable: 'The file cannot be read: {{reason}}',
    file_empty: 'The file has no data rows',
    import_has_errors: 'The file has {{count}} errors; nothing was imported',
    missing_columns: 'Missing required columns: {{columns}}',
    required: 'Required',
    id_format: 'An ID number has 18 characters (the last may be X)',
    id_checksum: 'The ID number check digit is wrong',
    id_region: 'The first 6 digits of the ID number are not a valid region code',
    id_birth: 'The date of birth inside the ID number is not valid',
    birth_format: 'Date of birth must be YYYY-MM-DD',
    birth_mismatch: 'Date of birth does not match the ID number ({{expected}})',
    birth_future: 'Date of birth is in the future',
    gender_value: 'Gender must be 男 (male) or 女 (female)',
    gender_mismatch: 'Gender does not match the ID number ({{expected}})',
    phone_format: 'A mobile number has 11 digits and starts with 1',
    duplicate_in_file: 'Duplicate of row {{row}}',
    unknown_town: 'Town/street "{{value}}" does not exist',
    unknown_community: 'Village/community "{{value}}" is not in {{parent}}',
    unknown_grid: 'Grid "{{value}}" is not in {{parent}}',
    special_group_value: 'Special group "{{value}}" is not known; allowed: {{allowed}}',
    duplicate_region: 'This region already appears on row {{row}}',
    code_taken: 'Code "{{value}}" is already used by "{{name}}"',
    male: 'male',
    female: 'female',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type MessageKey = keyof (typeof messages)['zh-CN'];
export type MessageParams = Record<string, string | number>;

export function t(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  const template: string = messages[locale][key] ?? messages['zh-CN'][key];
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** zh-CN unless the client asks for English first. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  return acceptLanguage.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}
