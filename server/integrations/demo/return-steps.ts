import type { Locale } from '../../../shared/model';

/**
 * The demo shop's return instructions, as a retailer's system would send them in the shopper's language.
 * They are the shop's data (the http adapter receives the retailer's own), not Parley UI text. With photos, the
 * shop says it has them, so the shopper does not send them again.
 */
export function returnSteps(locale: Locale, labelUrl: string, photoCount = 0): string[] {
  const steps = locale === 'zh'
    ? [
        `打印预付退货标签：${labelUrl}`,
        '将商品（吊牌完好、未穿未洗）装回原包装或任意纸箱，贴好标签。',
        '7 天内把包裹交给任意 UPS 网点，或预约上门取件。',
        '仓库收到后 3 个工作日内处理，退款原路返回（到账需 5–10 个工作日）。',
      ]
    : [
        `Print your prepaid return label: ${labelUrl}`,
        'Pack the items (unworn, unwashed, tags on) in the original bag or any box and stick the label on.',
        'Drop the parcel at any UPS location within 7 days, or book a free pickup.',
        'We process it within 3 business days of arrival and refund your original payment (5–10 business days to show).',
      ];
  if (photoCount === 0) return steps;
  return [
    ...steps,
    locale === 'zh'
      ? `我们已收到您的 ${photoCount} 张照片，无需再次发送。`
      : `We have your ${photoCount === 1 ? 'photo' : `${photoCount} photos`} with the return: no need to send ${photoCount === 1 ? 'it' : 'them'} again.`,
  ];
}
