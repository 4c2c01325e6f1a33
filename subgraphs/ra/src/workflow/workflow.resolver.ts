import { Query, Resolver } from 'type-graphql';
import { workflow } from './workflow';
import { type WorkflowEventValue, WorkflowTransitionType } from './workflow.type';

@Resolver(() => WorkflowTransitionType)
export class WorkflowResolver {
  @Query(() => [WorkflowTransitionType], { description: 'The application workflow table: every allowed step.' })
  applicationWorkflow(): WorkflowTransitionType[] {
    return workflow.map((t) =>
      Object.assign(new WorkflowTransitionType(), {
        from: t.from,
        event: t.event as WorkflowEventValue,
        to: t.to,
        roles: [...t.roles],
        businessTypes: [...t.types],
      }),
    );
  }
}
