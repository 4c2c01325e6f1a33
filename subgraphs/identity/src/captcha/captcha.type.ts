import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Captcha', { description: 'An image captcha (ID-10): answer it once, before it expires.' })
export class CaptchaType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'The image as an SVG document.' })
  svg!: string;

  @Field(() => Date)
  expiresAt!: Date;
}
