import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiRequestEntity } from './entities/api-request.entity';
import { RequestLogMiddleware } from './request-log.middleware';
import { RequestLogWriter } from './request-log.writer';
import { RequestsController } from './requests.controller';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';
import { RequestsSweeper } from './requests.sweeper';

/** The request log: RequestLogMiddleware (mounted by the app factory) and GET /v1/requests. */
@Module({
  imports: [TypeOrmModule.forFeature([ApiRequestEntity])],
  controllers: [RequestsController],
  providers: [
    RequestsRepository,
    RequestsService,
    RequestLogWriter,
    RequestLogMiddleware,
    RequestsSweeper,
  ],
  exports: [RequestLogMiddleware, RequestLogWriter],
})
export class RequestsModule {}
